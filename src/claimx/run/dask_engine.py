"""Running the pipeline on an existing Dask distributed cluster (`--dask ADDRESS`).

Dask schedules; claimx only submits batches, a bounded number at a time, and reads the
results back in input order (run.engines.in_order), so records are the same as a local run's.
Each worker process loads the pipeline once, on its first batch (run.worker.shared_extractor).
Workers need claimx, its model and Dask installed: `pip install "claimx[dask]"`.
"""

from __future__ import annotations

import gc
import sys
import threading
from typing import TYPE_CHECKING, Any

from claimx.errors import ClaimxError
from claimx.run.engines import BATCHES_IN_FLIGHT_PER_WORKER, Pending
from claimx.run.options import ExtractOptions
from claimx.run.worker import process_batch

if TYPE_CHECKING:
    from claimx.read.document import InputDocument

# How long to wait for a scheduler to answer, and a little more for the client to give up.
CONNECT_SECONDS = 10.0
_GRACE_SECONDS = 5.0


def _connect(client_class: Any, address: str) -> Any:
    """A client of the scheduler at `address`, or a ClaimxError within CONNECT_SECONDS.

    The client is made in a thread the run does not wait on past the timeout: at a port
    where something other than a Dask scheduler listens, distributed can wait forever for a
    handshake. A client that failed half-made complains when collected ('Exception ignored
    in Client.__del__'): that is silenced, since the one-line error says it all.
    """
    outcome: dict[str, Any] = {}

    def attempt() -> None:
        try:
            outcome["client"] = client_class(
                address, timeout=f"{CONNECT_SECONDS:g}s", set_as_default=False
            )
        except Exception as exc:  # only its message leaves the thread, not the client
            outcome["error"] = f"{type(exc).__name__}: {exc}" if not str(exc) else str(exc)

    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        thread = threading.Thread(target=attempt, name="claimx-dask-connect", daemon=True)
        thread.start()
        thread.join(CONNECT_SECONDS + _GRACE_SECONDS)
        gc.collect()
    finally:
        sys.unraisablehook = hook
    if "client" in outcome:
        return outcome["client"]
    reason = outcome.get("error", f"no answer within {CONNECT_SECONDS:g} s")
    raise ClaimxError(f"cannot reach a Dask scheduler at {address}: {' '.join(reason.split())}")


class DaskEngine:
    """Batches as Dask tasks on the cluster whose scheduler is at `options.dask`."""

    def __init__(self, options: ExtractOptions) -> None:
        try:
            from distributed import Client
        except ImportError as exc:
            raise ClaimxError(
                "--dask needs Dask: install it with pip install 'claimx[dask]'"
            ) from exc
        self.options = options
        self._client = _connect(Client, str(options.dask))
        threads = sum(self._client.nthreads().values())
        self.window = max(threads, 1) * BATCHES_IN_FLIGHT_PER_WORKER

    def submit(self, batch: list[InputDocument]) -> Pending:
        future: Pending = self._client.submit(process_batch, self.options, batch, pure=False)
        return future

    def close(self) -> None:
        self._client.close()
