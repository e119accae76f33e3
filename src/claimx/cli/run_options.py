"""The options of every command that runs the pipeline (extract, compare, match): inputs,
output, pipeline and execution, declared once. `@takes_run_options` adds them to a command's
signature, and the command receives them as one `RunOptions` in its `run` parameter.

typer reads a command's parameters from its signature, so the decorator gives the wrapper
the command's own parameters plus these; it keeps `claimx --help` cheap (nothing imported
here loads pydantic's models or spaCy).
"""

from __future__ import annotations

import functools
import inspect
import os
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from claimx.cli.common import Failures, input_paths, reference_day
from claimx.cli.options import (
    CacheOption,
    ClaimModelChoice,
    ClaimModelOption,
    DaskOption,
    FormatOption,
    GlobOption,
    JobsOption,
    ModelOption,
    NoCacheOption,
    NoColorOption,
    OutputOption,
    PathsArgument,
    QuietOption,
    ReferenceDateOption,
    VerboseOption,
)
from claimx.output.destination import chosen_format
from claimx.output.formats import OutputFormat, Table

if TYPE_CHECKING:
    from claimx.run.options import ExtractOptions

# Each shared parameter: its typer annotation and its default, in --help order.
_PARAMETERS: dict[str, tuple[Any, Any]] = {
    "paths": (PathsArgument, None),
    "output_format": (FormatOption, OutputFormat.auto),
    "output": (OutputOption, None),
    "glob": (GlobOption, None),
    "reference_date": (ReferenceDateOption, None),
    "model": (ModelOption, None),
    "claim_model": (ClaimModelOption, ClaimModelChoice.linear),
    "jobs": (JobsOption, 1),
    "cache": (CacheOption, None),
    "no_cache": (NoCacheOption, False),
    "dask": (DaskOption, None),
    "verbose": (VerboseOption, 0),
    "quiet": (QuietOption, False),
    "no_color": (NoColorOption, False),
}


@dataclass(frozen=True)
class RunOptions:
    """The shared options as the user gave them."""

    paths: list[str] | None
    output_format: OutputFormat
    output: Path | None
    glob: list[str] | None
    reference_date: datetime | None
    model: str | None
    claim_model: ClaimModelChoice
    jobs: int
    cache: Path | None
    no_cache: bool
    dask: str | None
    verbose: int  # applied when parsed (the option's callback sets the log level)
    quiet: bool
    no_color: bool

    @property
    def inputs(self) -> list[str]:
        """The inputs; with none given, standard input when it is piped."""
        return input_paths(self.paths)

    @property
    def globs(self) -> tuple[str, ...]:
        return tuple(self.glob or ())

    def chosen_format(
        self,
        *,
        allowed: tuple[OutputFormat, ...],
        tables: tuple[Table, ...],
        table: Table | None = None,
        bom: bool = False,
    ) -> OutputFormat:
        """--format as the command can write it (see claimx.output.destination)."""
        return chosen_format(
            self.output_format, self.output, table, bom=bom, allowed=allowed, tables=tables
        )

    def failures(self) -> Failures:
        return Failures(quiet=self.quiet)

    def extract_options(self, *, batch_size: int | None = None, **fields: Any) -> ExtractOptions:
        """The pipeline's options, with how the work runs (processes, batches, cache, Dask
        cluster); `fields` are the command's own ExtractOptions fields."""
        from claimx.run.cache import default_cache_dir
        from claimx.run.options import DEFAULT_BATCH_SIZE, ExtractOptions

        # --no-cache wins: --cache may come from CLAIMX_CACHE.
        cache_dir = None if self.no_cache else str(self.cache or default_cache_dir())
        # Each worker loads its own pipeline: more workers than cores cost memory, not time.
        jobs, cores = self.jobs, os.cpu_count() or 1
        if jobs > cores:
            import logging

            logging.getLogger("claimx").warning(
                "-j %d: using %d worker processes, one per core", jobs, cores
            )
            jobs = cores
        return ExtractOptions(
            model=self.model,
            claim_model=self.claim_model.value,
            reference_date=reference_day(self.reference_date),
            jobs=jobs,
            batch_size=batch_size or DEFAULT_BATCH_SIZE,
            cache_dir=cache_dir,
            dask=self.dask,
            **fields,
        )


def takes_run_options(command: Callable[..., None]) -> Callable[..., None]:
    """`command(run: RunOptions, ...)` as a typer command taking the shared options: PATHS
    first, then the output options, the command's own, and the other shared ones."""
    own = [
        p for p in inspect.signature(command, eval_str=True).parameters.values() if p.name != "run"
    ]
    shared = [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=kind)
        for name, (kind, default) in _PARAMETERS.items()
    ]
    names = [field.name for field in fields(RunOptions)]

    @functools.wraps(command)
    def with_run_options(**arguments: Any) -> None:
        run = RunOptions(**{name: arguments.pop(name) for name in names})
        command(run=run, **arguments)

    keyword_own = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own]
    parameters = [*shared[:3], *keyword_own, *shared[3:]]
    with_run_options.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    # typer takes the types from the annotations: give it the objects, not the strings.
    with_run_options.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_run_options
