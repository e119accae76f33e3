"""Running the pipeline on an existing Dask distributed cluster (`--dask ADDRESS`).

Dask schedules; claimx only submits batches, a bounded number at a time, and reads the
results back in input order (extract._in_order), so records are the same as a local run's.
Each worker process loads the pipeline once, on its first batch (extract.shared_extractor).
Workers need claimx, its model and Dask installed: `pip install "claimx[dask]"`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from claimx.errors import ClaimxError
from claimx.extract import BATCHES_IN_FLIGHT_PER_WORKER, ExtractOptions, Pending, process_batch

if TYPE_CHECKING:
    from claimx.document import InputDocument

CONNECT_TIMEOUT = "10s"


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
        try:
            self._client = Client(  # type: ignore[no-untyped-call]
                options.dask, timeout=CONNECT_TIMEOUT, set_as_default=False
            )
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClaimxError(f"cannot reach the Dask scheduler at {options.dask}: {exc}") from exc
        threads = sum(self._client.nthreads().values())  # type: ignore[no-untyped-call]
        self.window = max(threads, 1) * BATCHES_IN_FLIGHT_PER_WORKER

    def submit(self, batch: list[InputDocument]) -> Pending:
        future: Pending = self._client.submit(process_batch, self.options, batch, pure=False)
        return future

    def close(self) -> None:
        self._client.close()  # type: ignore[no-untyped-call]
