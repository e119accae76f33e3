"""A learned check on speakers: whether an attribution has no speaker in the text.

News attributes much that nobody in the sentence says: "the plant is expected to close",
"he was asked whether ...", "the court's conservatives seemed ready to ...", "it is believed
that". The subject of such a cue is what is talked about, not who talks; PolNeAR leaves these
sources empty. The rules give every cue the subject the parse offers (or the nearest one), so
a logistic regression over features of the cue and that subject decides when the attribution
is better left without a speaker.

Trained on PolNeAR train by `benchmarks/train_speakers.py`, which writes
`models/attributions/speakers.json`: feature weights, bias and threshold. Scoring is a sum of
weights: no dependency beyond the standard library.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import Self

from spacy.tokens import Doc, Token

from claimx.package_data import MODELS_DIR

SPEAKERS_FILE = MODELS_DIR / "attributions" / "speakers.json"
_PERSONS = frozenset({"he", "she", "i", "we", "they", "you"})
_RELATIVES = frozenset({"who", "which", "that"})
_PLACEHOLDERS = frozenset({"it", "this", "there", "that"})


def _speaker_kind(speaker: Token | None) -> str:
    if speaker is None:
        return "none"
    lower = speaker.lower_
    if lower in _PERSONS:
        kind = "person_pronoun"
    elif lower in _RELATIVES and speaker.head.dep_ == "relcl":
        kind = "relative"
    elif lower in _PLACEHOLDERS:
        kind = f"placeholder_{lower}"
    elif speaker.ent_type_:
        kind = f"ent_{speaker.ent_type_}"
    else:
        kind = f"lemma_{speaker.lemma_.lower()}"
    return kind


def speaker_features(
    doc: Doc, cue: tuple[int, int], speaker: int | None, kind: str
) -> tuple[str, ...]:
    """The features of one attribution: its cue (token range), its speaker head, its kind."""
    verb = doc[cue[0]]
    for token in doc[cue[0] : cue[1]]:  # the verb of a multi-word cue ('was asked about')
        if token.pos_ in ("VERB", "AUX"):
            verb = token
            break
    lemma = verb.lemma_.lower()
    children = {c.dep_ for c in verb.children}
    passive = (
        "auxpass" in children
        or "nsubjpass" in children
        or (verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl"))
    )
    speaker_token = doc[speaker] if speaker is not None else None
    spk = _speaker_kind(speaker_token)
    features = [
        f"lemma={lemma}",
        f"kind={kind}",
        f"tag={verb.tag_}",
        f"dep={verb.dep_}",
        f"head_dep={verb.dep_}|{verb.head.lemma_.lower() if verb.dep_ != 'ROOT' else 'ROOT'}",
        f"spk={spk}",
    ]
    if passive:
        features += ["passive", f"passive_lemma={lemma}"]
    if "agent" in children:
        features.append("agent")
    if "xcomp" in children:
        features.append(f"xcomp_lemma={lemma}")
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children):
        features.append("modal")
    if any(c.dep_ == "mark" for c in verb.children):
        features.append(f"mark={next(c.lower_ for c in verb.children if c.dep_ == 'mark')}")
    if speaker_token is not None:
        features += [f"spk_dep={speaker_token.dep_}", f"spk_pos={speaker_token.pos_}"]
        features.append(f"lemma_spk={lemma}|{spk}")
        features.append(f"spk_after={speaker_token.i > verb.i}")
    return tuple(features)


class LogisticDecision:
    """Feature weights, bias and threshold of a yes-or-no decision (a logistic regression
    over binary features, as the training scripts in `benchmarks/` write it)."""

    def __init__(self, weights: dict[str, float], bias: float, threshold: float) -> None:
        self.weights = weights
        self.bias = bias
        self.threshold = threshold

    @classmethod
    def from_file(cls, path: Path) -> Self:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["weights"], float(data["bias"]), float(data["threshold"]))

    def probability(self, features: tuple[str, ...]) -> float:
        score = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(min(score, 30.0), -30.0)))


class SpeakerModel(LogisticDecision):
    """Feature weights, bias and threshold of the no-speaker decision."""

    @classmethod
    def load(cls, path: Path = SPEAKERS_FILE) -> SpeakerModel:
        return cls.from_file(path)

    def no_speaker(self, features: tuple[str, ...]) -> bool:
        return self.probability(features) >= self.threshold


@cache
def default_speaker_model() -> SpeakerModel | None:
    """The shipped model, or None when it is missing (every cue keeps its subject)."""
    return SpeakerModel.load() if SPEAKERS_FILE.exists() else None
