"""spaCy's English stop words, read without importing spaCy.

`compare` and `match` work on records and run no pipeline. Importing `spacy.lang.en.stop_words`
imports all of spaCy first (about 70 MB), and thinc with it imports PyTorch whenever the
embeddings extra is installed (about 270 MB more): on an archive that was a third of the peak.
The list itself is a plain module with no imports, so it is executed on its own.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType


def _english_stop_words_module() -> ModuleType:
    spacy_spec = importlib.util.find_spec("spacy")  # finds the package without running it
    if spacy_spec is None or spacy_spec.origin is None:
        raise ModuleNotFoundError("spaCy is not installed")
    path = Path(spacy_spec.origin).parent / "lang" / "en" / "stop_words.py"
    spec = importlib.util.spec_from_file_location("_claimx_spacy_en_stop_words", path)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"spaCy's English stop words are missing: {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


STOP_WORDS: frozenset[str] = frozenset(_english_stop_words_module().STOP_WORDS)
