"""MiniLM compiled by OpenVINO, for encoding many texts at once (an index of fact-checks).

OpenVINO runs the same weights 1.6-1.8x faster than PyTorch on a 2-core AMD EPYC, both in
bfloat16 (benchmarks/README.md, "claimx index"). The model is converted in memory from the
PyTorch module the `embeddings` extra already loads: nothing is downloaded or written.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import numpy as np
import numpy.typing as npt


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


@dataclass(frozen=True)
class CompiledEncoder:
    """A transformer encoder compiled for the CPU: word-piece ids in, token vectors out."""

    model: Any  # openvino.CompiledModel
    inputs: tuple[str, ...]

    def hidden_states(self, batch: Mapping[str, npt.NDArray[np.int64]]) -> npt.NDArray[np.float32]:
        """The last layer's token vectors [texts, pieces, size] of a padded batch."""
        ids = batch["input_ids"]
        feed = {name: batch.get(name, np.zeros_like(ids)) for name in self.inputs}
        return np.asarray(self.model(feed)[0], dtype=np.float32)


def compile_encoder(torch_model: Any, tokenizer: Any, *, bfloat16: bool) -> CompiledEncoder:
    """`torch_model` (a Hugging Face encoder) converted and compiled for the CPU, with shapes
    left free (any number of texts and pieces); in bfloat16 when `bfloat16`, else float32."""
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
    precision = "bf16" if bfloat16 else "f32"
    compiled = openvino.Core().compile_model(
        model, "CPU", {"INFERENCE_PRECISION_HINT": precision, "PERFORMANCE_HINT": "LATENCY"}
    )
    names = tuple(port.get_any_name() for port in model.inputs)
    return CompiledEncoder(model=compiled, inputs=names)
