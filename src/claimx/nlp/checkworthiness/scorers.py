"""The check-worthiness models by name (`--claim-model`), and what a claims scorer must do."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

ClaimModel = Literal["linear", "minilm"]


class CheckworthinessScorer(Protocol):
    """What the claims component needs of a model: scores, and where claims begin."""

    @property
    def threshold(self) -> float: ...

    def score(self, spans: Sequence[Span | Doc]) -> list[float]: ...


def shipped_scorer(name: ClaimModel) -> CheckworthinessScorer:
    """The shipped model by name; `minilm` needs the `embeddings` extra (and loads PyTorch)."""
    # Imported on use: both load spaCy and numpy, which the CLI's options must not.
    if name == "minilm":
        from claimx.nlp.checkworthiness.minilm import shipped_minilm_model

        return shipped_minilm_model()
    from claimx.nlp.checkworthiness.linear import shipped_model

    return shipped_model()
