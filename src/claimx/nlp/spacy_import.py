"""Importing spaCy without PyTorch, which thinc would otherwise load for nothing."""

from __future__ import annotations

import importlib.util
import sys

# spaCy plugins whose pipelines run on PyTorch; without them no pipeline claimx loads needs it.
_TORCH_PIPELINE_PLUGINS = ("spacy_transformers", "spacy_curated_transformers")


def import_spacy() -> None:
    """Import spaCy without letting thinc import PyTorch when no installed plugin needs it.

    thinc imports PyTorch whenever it is installed (here for the optional embeddings), which
    takes seconds and runs in every worker; claimx's CNN pipelines never use it. PyTorch stays
    importable afterwards for whatever does need it.
    """
    if "spacy" in sys.modules or "torch" in sys.modules:
        return
    if any(importlib.util.find_spec(name) for name in _TORCH_PIPELINE_PLUGINS):
        import spacy

        return
    sys.modules["torch"] = None  # type: ignore[assignment] # makes `import torch` fail
    try:
        import spacy  # noqa: F401
    finally:
        del sys.modules["torch"]
