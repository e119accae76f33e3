"""A learned layer over the reporting cues: which verbs attribute content the rules miss.

The rules in `quote_cues` know a fixed list of reporting verbs. News attributes content with
many more ("the poll shows", "officials expect", "he declined to"), and the same verb reports in
one frame and not in another. Every verb outside quotations is a candidate: its content is what
the rules would take (its clausal complement, object or infinitive, or the clause it is set off
from), its speaker the subject the rules would find. A logistic regression over parse features
of the candidate scores it; candidates the rules did not yield are added when the score passes
the threshold learned with the weights.

Trained on PolNeAR train by `benchmarks/train_attributions.py`, which writes
`models/attributions/model.json`: feature weights, bias and threshold. Scoring is a sum of the
weights of the candidate's features: no dependency beyond the standard library.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

from spacy.tokens import Span, Token

from claimx.nlp.components.quote_cues import (
    DESCRIBING_VERBS,
    EVALUATIVE_VERBS,
    REPORTING_VERBS,
    STANCE_VERBS,
    Attribution,
    _complement,
    _cue_range,
    _inverted,
    _trim,
    speaker_head,
)
from claimx.package_data import MODELS_DIR

MODEL_FILE = MODELS_DIR / "attributions" / "model.json"
_CONTENT_DEPS = ("xcomp", "dobj", "attr", "acomp", "oprd")
_PERSONS = frozenset({"he", "she", "i", "we", "they", "you"})


class LearnedCues(Protocol):
    """What the quote component asks of a learned layer."""

    def extra(
        self, sent: Span, quoted: Callable[[int], bool], taken: set[int]
    ) -> Iterable[Attribution]: ...


@dataclass(frozen=True)
class Candidate:
    """One verb that may attribute content: the attribution it would give, and its features."""

    attribution: Attribution
    features: tuple[str, ...]


def _content(verb: Token, sent: Span) -> tuple[str, tuple[int, int] | None]:
    """What the verb would report, and how it was found."""
    content = _complement(verb, sent)
    if content is not None:
        return "ccomp", content
    parts = [c for c in verb.rights if c.dep_ in _CONTENT_DEPS]
    if parts:
        found = _trim(sent, parts[0].left_edge.i, parts[-1].right_edge.i + 1)
        if found is not None:
            return parts[0].dep_, found
    content = _inverted(verb, sent)
    if content is not None:
        return "inverted", content
    for child in verb.rights:  # 'would vote for Clinton', 'backed away from a suggestion'
        pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
        if child.dep_ == "prep" and pobj is not None:
            return f"prep_{child.lower_}", _trim(sent, pobj.left_edge.i, pobj.right_edge.i + 1)
    return "none", None


def _subject_features(doc_speaker: Token | None) -> list[str]:
    if doc_speaker is None:
        return ["subj=none"]
    features = [f"subj_dep={doc_speaker.dep_}"]
    lower = doc_speaker.lower_
    if lower in _PERSONS:
        features.append("subj=person_pronoun")
    elif doc_speaker.ent_type_:
        features.append(f"subj_ent={doc_speaker.ent_type_}")
    else:
        features.append(f"subj_lemma={doc_speaker.lemma_.lower()}")
        features.append(f"subj_pos={doc_speaker.pos_}")
    return features


def _subject_kind(speaker: Token | None) -> str:
    if speaker is None:
        return "none"
    if speaker.lower_ in _PERSONS:
        return "subj"
    return "subj_ent" if speaker.ent_type_ else "subj_lemma"


def candidate(verb: Token, sent: Span, quoted: Callable[[int], bool]) -> Candidate | None:
    """The attribution `verb` would make, with its features; None when it has no content."""
    kind, content = _content(verb, sent)
    if content is None:
        return None
    start, end = content
    if sum(1 for t in sent.doc[start:end] if not t.is_punct) < 2:
        return None
    lemma = verb.lemma_.lower()
    holds_quotation = any(quoted(i) for i in range(start, end))
    if lemma in EVALUATIVE_VERBS and not holds_quotation and kind != "ccomp":
        return None  # what an evaluative verb judges is no quote (see `quote_cues`)
    speaker = speaker_head(verb)
    if speaker is not None and quoted(speaker):
        speaker = None
    speaker_token = sent.doc[speaker] if speaker is not None else None
    length = end - start
    children = {c.dep_ for c in verb.children}
    features = [
        f"lemma={lemma}",
        f"kind={kind}",
        f"lemma_kind={lemma}|{kind}",
        f"dep={verb.dep_}",
        f"tag={verb.tag_}",
        f"head={verb.head.lemma_.lower() if verb.dep_ != 'ROOT' else 'ROOT'}|{verb.dep_}",
        f"len={min(length.bit_length(), 6)}",
        *_subject_features(speaker_token),
    ]
    if lemma in REPORTING_VERBS:
        features.append("lex=reporting")
    if lemma in STANCE_VERBS:
        features.append("lex=stance")
    if lemma in DESCRIBING_VERBS:
        features.append("lex=describing")
    if "neg" in children:
        features.append("neg")
    if "auxpass" in children or "nsubjpass" in children:
        features.append("passive")
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
        features.append("modal")
    if holds_quotation:
        features.append("quotation")
    content_head = sent.doc[start:end].root
    features.append(f"content_first={sent.doc[start].lower_}|{kind}")
    features.append(f"lemma_subject={lemma}|{_subject_kind(speaker_token)}")
    features.append(f"content_head={content_head.pos_}|{kind}")
    if kind == "ccomp" and any(c.dep_ == "mark" for c in content_head.children):
        features.append("that_clause")
    return Candidate(Attribution(_cue_range(verb), speaker, content), tuple(features))


class AttributionModel:
    """Feature weights, bias and decision threshold of the candidate scorer."""

    def __init__(self, weights: dict[str, float], bias: float, threshold: float) -> None:
        self.weights = weights
        self.bias = bias
        self.threshold = threshold

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> AttributionModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["weights"], float(data["bias"]), float(data["threshold"]))

    def probability(self, features: tuple[str, ...]) -> float:
        score = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(min(score, 30.0), -30.0)))

    def extra(
        self, sent: Span, quoted: Callable[[int], bool], taken: set[int]
    ) -> list[Attribution]:
        """Attributions the model finds for verbs of `sent` whose cue the rules did not take."""
        return [
            found.attribution
            for found in candidates(sent, quoted, taken)
            if self.probability(found.features) >= self.threshold
        ]


def candidates(sent: Span, quoted: Callable[[int], bool], taken: set[int]) -> list[Candidate]:
    """The candidates of the verbs of `sent` outside quotations and outside `taken` cues."""
    found = []
    for token in sent:
        if token.pos_ != "VERB" or token.i in taken or quoted(token.i):
            continue
        one = candidate(token, sent, quoted)
        if one is not None:
            found.append(one)
    return found


@cache
def default_model() -> AttributionModel | None:
    """The shipped model, or None when it is missing (the rules alone then)."""
    return AttributionModel.load() if MODEL_FILE.exists() else None
