"""MiniLM compiled by OpenVINO, for encoding many texts at once (an index of fact-checks).

OpenVINO runs the same weights 1.6-1.8x faster than PyTorch on a 2-core AMD EPYC, both in
bfloat16 (benchmarks/README.md, "claimx index"). The model is converted in memory from the
PyTorch module the `embeddings` extra already loads: nothing is downloaded or written.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt

from claimx.errors import log


def openvino_available() -> bool:
    return importlib.util.find_spec("openvino") is not None


def import_openvino() -> ModuleType:
    """OpenVINO, without its telemetry.

    `import openvino` sends a usage event to Google Analytics and writes a client id under
    ~/intel unless the user has opted out. claimx reads journalists' material and must not
    reach the network: with its telemetry module made unimportable, OpenVINO falls back to
    the no-op stub it ships for installs without it.
    """
    if "openvino" in sys.modules:
        return sys.modules["openvino"]
    blocked = "openvino_telemetry" not in sys.modules
    if blocked:
        sys.modules["openvino_telemetry"] = None  # type: ignore[assignment] # import fails
    try:
        return importlib.import_module("openvino")
    finally:
        if blocked:
            del sys.modules["openvino_telemetry"]


IdArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float32]


def mean_pooled(hidden: FloatArray, mask: IdArray) -> FloatArray:
    """Each text's token vectors [texts, pieces, size] averaged over its pieces (`mask` 1,
    padding 0), as sentence-transformers pools them."""
    weights = mask[..., np.newaxis].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
    return np.asarray(pooled, dtype=np.float32)


@dataclass(frozen=True)
class CompiledEncoder:
    """A transformer encoder compiled for the CPU: padded word-piece ids in, mean-pooled
    token vectors out."""

    model: Any  # openvino.CompiledModel
    inputs: tuple[str, ...]
    size: int  # of a vector

    def pooled(
        self, batches: Iterable[tuple[list[int], Mapping[str, IdArray]]], rows: int
    ) -> FloatArray:
        """`rows` mean-pooled vectors, row `chunk[i]` from text i of the batch beside
        `chunk`. Batches run as many at a time as the CPU has streams (two on two cores):
        one thread a batch wastes less than two threads sharing each layer, and the next
        batch is padded while the last ones run (about 10% more texts a second)."""
        openvino = import_openvino()
        vectors = np.zeros((rows, self.size), dtype=np.float32)

        def done(request: Any, pending: tuple[list[int], IdArray]) -> None:
            chunk, mask = pending
            vectors[chunk] = mean_pooled(request.get_output_tensor(0).data, mask)

        queue = openvino.AsyncInferQueue(self.model)
        queue.set_callback(done)
        for chunk, batch in batches:
            ids = batch["input_ids"]
            feed = {name: batch.get(name, np.zeros_like(ids)) for name in self.inputs}
            queue.start_async(feed, (chunk, batch["attention_mask"]))
        queue.wait_all()
        return vectors


def compile_encoder(
    torch_model: Any, tokenizer: Any, *, bfloat16: bool, many_batches: bool = True
) -> CompiledEncoder:
    """`torch_model` (a Hugging Face encoder) converted and compiled for the CPU, with shapes
    left free (any number of texts and pieces); in bfloat16 when `bfloat16`, else float32.
    `many_batches`: tuned for many batches in flight, one a core (an index); else for one
    batch at a time on all cores (a document's sentences)."""
    openvino = import_openvino()
    from openvino.frontend import FrontEndManager
    from openvino.frontend.pytorch.ts_decoder import TorchScriptPythonDecoder

    # Two texts of different lengths, so the traced graph keeps the padding mask's path.
    example = dict(
        tokenizer(
            ["An example.", "A longer example, of a few words."], padding=True, return_tensors="pt"
        )
    )
    with warnings.catch_warnings():
        # Tracing warns about Python branches on shapes; the graph's inputs stay dynamic.
        warnings.simplefilter("ignore")
        # The PyTorch front end itself, not `openvino.convert_model`, which would start the
        # telemetry that import_openvino keeps off.
        decoder = TorchScriptPythonDecoder(torch_model, example_input=example)
        frontend = FrontEndManager().load_by_framework("pytorch")
        model = frontend.convert(frontend.load(decoder))
    config: dict[str, Any] = {
        "INFERENCE_PRECISION_HINT": "bf16" if bfloat16 else "f32",
        "PERFORMANCE_HINT": "THROUGHPUT" if many_batches else "LATENCY",
    }
    # claimx's extract workers set OMP_NUM_THREADS to 1 (they already share out the cores);
    # OpenVINO does not read it, so it is passed on.
    threads = os.environ.get("OMP_NUM_THREADS", "")
    if threads.isdigit() and int(threads) > 0:
        config["INFERENCE_NUM_THREADS"] = int(threads)
    compiled = openvino.Core().compile_model(model, "CPU", config)
    names = tuple(port.get_any_name() for port in model.inputs)
    return CompiledEncoder(model=compiled, inputs=names, size=torch_model.config.hidden_size)


def compiled_or_none(
    torch_model: Any, tokenizer: Any, *, bfloat16: bool, many_batches: bool = True
) -> CompiledEncoder | None:
    """compile_encoder's result; None, and PyTorch runs the model, without OpenVINO or when
    it cannot convert this one (a warning says so: slower, not wrong)."""
    if not openvino_available():
        return None
    try:
        return compile_encoder(torch_model, tokenizer, bfloat16=bfloat16, many_batches=many_batches)
    except Exception as exc:  # whatever the converter meets, PyTorch still runs the model
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        log.warning("OpenVINO could not run the model (%s): PyTorch runs it, slower", reason)
        return None
