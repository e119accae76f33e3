"""Is a text written in the pipeline's language?

The English pipeline reads a German article without complaint and gives entities, quotes and
claims that look plausible and are wrong. Such a text is refused with a clear error instead.

Two steps, so that texts in the pipeline's language cost almost nothing: the share of the
text's words that are the language's stop words (spaCy's list; PolNeAR's 924 English articles
hold 26% to 54%, the non-English pages of trafilatura's evaluation set under 20%, boilerplate
and all), and, only where that share is low, py3langid (langid.py's model on numpy, the one
trafilatura uses; loaded on first use, about a second) to name the text's language.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache
from typing import Any

# Too few words to tell a language by.
MIN_WORDS = 30
# Under this share of its stop words a text may be in another language: py3langid decides.
LOW_STOP_WORD_SHARE = 0.15
# py3langid's probability needed to refuse a text; below it the text is read as it is.
CONFIDENT = 0.95
# Enough text to tell a language by; the rest of a long text adds nothing but time.
SAMPLE_CHARS = 20_000

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")

# Names for the error message; other languages are named by their ISO 639-1 code alone.
LANGUAGE_NAMES = {
    "ar": "Arabic", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "es": "Spanish", "fi": "Finnish", "fr": "French", "hu": "Hungarian", "it": "Italian",
    "ja": "Japanese", "ko": "Korean", "nl": "Dutch", "no": "Norwegian", "pl": "Polish",
    "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sv": "Swedish", "tr": "Turkish",
    "uk": "Ukrainian", "zh": "Chinese",
}  # fmt: skip


def language_name(code: str) -> str:
    """'German (de)', or the code alone for a language without a name here."""
    name = LANGUAGE_NAMES.get(code)
    return f"{name} ({code})" if name else f"'{code}'"


def other_language(text: str, lang: str, stop_words: Collection[str]) -> str | None:
    """The ISO 639-1 code of the language `text` is written in, when that is clearly not
    `lang` (the pipeline's); None when it is `lang`, or cannot be told.

    `stop_words` are `lang`'s, lower-cased. A text rich in them is taken to be in `lang`
    without asking the model: most texts never load it.
    """
    sample = text[:SAMPLE_CHARS]
    words = _WORD.findall(sample)
    if len(words) < MIN_WORDS:
        return None
    share = sum(word.lower() in stop_words for word in words) / len(words)
    if share >= LOW_STOP_WORD_SHARE:
        return None
    code, probability = language_identifier().classify(sample)
    if code == lang or probability < CONFIDENT:
        return None
    return str(code)


@cache
def language_identifier() -> Any:
    """py3langid's identifier, probabilities normalised; loaded once, on first use."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
