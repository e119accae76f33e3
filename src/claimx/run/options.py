"""What a run of the pipeline is asked to do: the options of `claimx extract`, as one value."""

from __future__ import annotations

from dataclasses import dataclass, replace

from claimx.nlp.checkworthiness.scorers import ClaimModel
from claimx.nlp.pipeline import PipelineOptions

DEFAULT_BATCH_SIZE = 16


@dataclass(frozen=True)
class ExtractOptions:
    """What decides the records (model to clean), then how the work is run (batch_size on).

    `components=None` runs all of claimx's components. `cache_dir` keeps records between
    runs; `dask` is the address of a Dask scheduler to run the pipeline on.
    """

    model: str | None = None
    reference_date: str | None = None
    include_text: bool = False
    clean: bool = True
    components: tuple[str, ...] | None = None
    claim_model: ClaimModel = "linear"
    batch_size: int = DEFAULT_BATCH_SIZE
    jobs: int = 1
    cache_dir: str | None = None
    dask: str | None = None

    @property
    def pipeline(self) -> PipelineOptions:
        if self.components is None:
            return PipelineOptions(model=self.model, claim_model=self.claim_model)
        return PipelineOptions(
            model=self.model, components=self.components, claim_model=self.claim_model
        )

    @property
    def for_records(self) -> ExtractOptions:
        """Only what decides the records: the key of a worker's Extractor and of the cache."""
        return replace(self, batch_size=DEFAULT_BATCH_SIZE, jobs=1, cache_dir=None, dask=None)
