"""A learned layer over the reporting cues: which verbs attribute content the rules miss.

The rules in `quote_cues` know a fixed list of reporting verbs. News attributes content with
many more ("the poll shows", "officials expect", "he declined to"), with nouns ("his call to
ban ...", "her criticism of ..."), and the same verb reports in one frame and not in another.
Every verb and noun outside quotations is a candidate, in each frame it has:
- a verb's content as the rules would take it (its clausal complement, object or infinitive, or
  the clause it is set off from), its speaker the subject the rules would find; an object also
  with the prepositional phrase after it, "likened Trump to a leech", "blamed X for Y";
- a raising frame, "Washington appears weak", "the plant is expected to close": the subject and
  the complement together are the content, and nobody in the clause speaks;
- an object with its predicate, "voters view Clinton as less able", "considers himself an
  immigrant";
- a noun's clause or prepositional object, "his claim that ...", "her attacks on Sanders", its
  possessor the speaker.
A logistic regression over parse features scores each; a verb or noun the rules did not take
yields its best-scoring frame when the score passes the threshold learned with the weights.

A learned filter stands before the scoring: only a (lemma, frame) pair that was the cue of at
least `MIN_POSITIVES` gold attributions in training may yield one ("saw", "established",
"reported the story" do not). It keeps verbs that never report in news out whatever the other
features say, and spares the scoring of every other token.

Trained on PolNeAR train by `benchmarks/train_attributions.py`, which writes
`models/attributions/model.json`: feature weights, bias, threshold and the filter's pairs.
Scoring is a sum of the weights of the candidate's features: no dependency beyond the standard
library.
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
    _inverted,
    _trim,
    _with_object_phrase,
    cue_range,
    speaker_head,
)
from claimx.package_data import MODELS_DIR

MODEL_FILE = MODELS_DIR / "attributions" / "model.json"
_CONTENT_DEPS = ("xcomp", "dobj", "attr", "acomp", "oprd")
# What a raised subject's verb says of it: "appears weak", "is expected to close".
_PREDICATE_DEPS = frozenset({"xcomp", "acomp", "attr", "oprd"})
# Prepositions that take what a noun cue is about: "criticism of", "attacks on", "support for".
_NOUN_PREPOSITIONS = frozenset(
    {"of", "on", "for", "about", "against", "toward", "towards", "over", "with", "to"}
)
_PERSONS = frozenset({"he", "she", "i", "we", "they", "you"})
# What the learned layer reports has this many words besides determiners: one noun with its
# article names a thing ("the story"), it does not report one.
MIN_CONTENT_WORDS = 2
# A (lemma, frame) pair must have been the cue of this many gold attributions in training.
MIN_POSITIVES = 3


class LearnedCues(Protocol):
    """What the quote component asks of a learned layer."""

    def extra(
        self, sent: Span, quoted: Callable[[int], bool], taken: set[int]
    ) -> Iterable[Attribution]: ...


@dataclass(frozen=True)
class Frame:
    """One way a token may attribute content: its name, content and speaker (token offsets)."""

    kind: str
    content: tuple[int, int]
    speaker: int | None


@dataclass(frozen=True)
class Candidate:
    """One frame of a verb or noun that may attribute content: the attribution it would give,
    the filter's key ('lemma|frame'), and its features."""

    attribution: Attribution
    key: str
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


def _agent(verb: Token) -> int | None:
    """The 'by' phrase's object of a passive verb: who expects, in 'is expected by X'."""
    for child in verb.children:
        if child.dep_ == "agent":
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj.i
    return None


def _raised(verb: Token, sent: Span) -> Frame | None:
    """'Washington appears weak', 'Carson appears to be slipping', 'the plant is expected to
    close': the subject and what the verb predicates of it."""
    subject = next((c for c in verb.lefts if c.dep_ in ("nsubj", "nsubjpass")), None)
    predicate = next((c for c in verb.rights if c.dep_ in _PREDICATE_DEPS), None)
    if subject is None or predicate is None or any(c.dep_ == "dobj" for c in verb.children):
        return None
    content = _trim(sent, subject.left_edge.i, predicate.right_edge.i + 1)
    return Frame("raised", content, _agent(verb)) if content is not None else None


def _object_predicate(verb: Token, sent: Span) -> Frame | None:
    """'view Clinton as less able', 'considers himself an immigrant': the object with what the
    verb says of it."""
    target = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    if target is None:
        return None
    holders = (verb, target)
    predicate = next(
        (
            c
            for holder in holders
            for c in holder.rights
            if c.i > target.i
            and (c.dep_ in ("oprd", "xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ == "as"))
        ),
        None,
    )
    if predicate is None:
        return None
    content = _trim(sent, target.left_edge.i, predicate.right_edge.i + 1)
    return Frame("object_predicate", content, None) if content is not None else None


def _verb_frames(verb: Token, sent: Span) -> list[Frame]:
    frames = []
    kind, content = _content(verb, sent)
    if content is not None:
        frames.append(Frame(kind, content, None))
        if kind == "dobj":  # 'blamed X for Y', 'likened X to Y': the object with its phrase
            last = next(c for c in reversed(list(verb.rights)) if c.dep_ in _CONTENT_DEPS)
            extended = _trim(sent, content[0], _with_object_phrase(verb, last) + 1)
            if extended is not None and extended != content:
                frames.append(Frame("dobj_prep", extended, None))
    for frame in (_raised(verb, sent), _object_predicate(verb, sent)):
        if frame is not None and frame.content != content:
            frames.append(frame)
    return frames


def _possessor(noun: Token) -> int | None:
    return next((c.i for c in noun.children if c.dep_ == "poss"), None)


def _noun_frames(noun: Token, sent: Span) -> list[Frame]:
    """'his claim that ...', 'a call to ban ...', 'her attacks on Sanders': the clause or the
    prepositional object after the noun, its possessor the speaker."""
    speaker = _possessor(noun)
    frames = []
    for child in noun.rights:
        if child.dep_ in ("acl", "ccomp") and child.pos_ in ("VERB", "AUX"):
            if not _complement_clause(child):
                continue  # 'the agreement struck in 2020': a participle describes the noun
            content = _trim(sent, child.left_edge.i, child.right_edge.i + 1)
            if content is not None:
                frames.append(Frame("noun_clause", content, speaker))
        elif child.dep_ == "prep" and child.lower_ in _NOUN_PREPOSITIONS:
            pobj = next((c for c in child.children if c.dep_ in ("pobj", "pcomp")), None)
            if pobj is not None:
                content = _trim(sent, pobj.left_edge.i, pobj.right_edge.i + 1)
                if content is not None:
                    frames.append(Frame(f"noun_{child.lower_}", content, speaker))
        if frames:
            break
    return frames


def _complement_clause(verb: Token) -> bool:
    """A clause that says what a noun holds: 'that taxes fell', 'to ban all imports'."""
    return any(
        (c.dep_ == "mark" and c.lower_ in ("that", "whether"))
        or (c.dep_ == "aux" and c.lower_ == "to")
        for c in verb.lefts
    )


def _content_words(tokens: Span) -> int:
    """Words of a content besides punctuation and determiners: 'the story' is one."""
    return sum(1 for t in tokens if not t.is_punct and not t.is_space and t.pos_ != "DET")


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


def _subject_class(speaker: Token | None) -> str:
    """Who the subject is, finer than `_subject_kind`: 'the agreement' and 'the Abraham
    Accords' are not an official and a ministry."""
    if speaker is None:
        return "none"
    if speaker.lower_ in _PERSONS:
        return "person_pronoun"
    if speaker.ent_type_:
        return f"ent_{speaker.ent_type_}"
    return speaker.pos_


def _lexicon_features(lemma: str) -> list[str]:
    """Which of the rules' lexicons hold the lemma."""
    return [
        name
        for name, lexicon in (
            ("lex=reporting", REPORTING_VERBS),
            ("lex=stance", STANCE_VERBS),
            ("lex=describing", DESCRIBING_VERBS),
        )
        if lemma in lexicon
    ]


def cue_lemma(token: Token) -> str:
    """The lemma a cue is known by; nouns apart from verbs ('n:call' is not 'call')."""
    lemma = token.lemma_.lower()
    return f"n:{lemma}" if token.pos_ != "VERB" else lemma


def _features(
    token: Token, frame: Frame, speaker_token: Token | None, holds_quotation: bool
) -> tuple[str, ...]:
    sent_doc = token.doc
    lemma, kind = cue_lemma(token), frame.kind
    start, end = frame.content
    length = end - start
    children = {c.dep_ for c in token.children}
    features = [
        f"lemma={lemma}",
        f"kind={kind}",
        f"lemma_kind={lemma}|{kind}",
        f"dep={token.dep_}",
        f"tag={token.tag_}",
        f"head={token.head.lemma_.lower() if token.dep_ != 'ROOT' else 'ROOT'}|{token.dep_}",
        f"len={min(length.bit_length(), 6)}",
        *_subject_features(speaker_token),
    ]
    features += _lexicon_features(lemma)
    if "neg" in children:
        features.append("neg")
    if "auxpass" in children or "nsubjpass" in children:
        features.append("passive")
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in token.children):
        features.append("modal")
    if holds_quotation:
        features.append("quotation")
    content_head = sent_doc[start:end].root
    features.append(f"content_first={sent_doc[start].lower_}|{kind}")
    features.append(f"lemma_subject={lemma}|{_subject_kind(speaker_token)}")
    features.append(f"lemma_class={lemma}|{_subject_class(speaker_token)}")
    features.append(f"kind_class={kind}|{_subject_class(speaker_token)}")
    features.append(f"content_head={content_head.pos_}|{kind}")
    if content_head.pos_ in ("NOUN", "PROPN", "PRON"):
        features.append(f"content_lemma={content_head.lemma_.lower()}")
        if content_head.ent_type_:
            features.append(f"content_ent={content_head.ent_type_}|{kind}")
    if kind == "ccomp" and any(c.dep_ == "mark" for c in content_head.children):
        features.append("that_clause")
    return tuple(features)


# A cue's features keep the first letters of its lemma: 'criticize' and 'criticism',
# 'endorse' and 'endorsement' share them, so what a verb is known to do reaches its noun.
STEM_LETTERS = 5
# Children whose presence says what a cue governs: a clause, an object, who speaks.
_CUE_CHILD_DEPS = frozenset(
    {"ccomp", "xcomp", "dobj", "agent", "neg", "auxpass", "nsubjpass", "poss", "acl", "dative"}
    | {"oprd", "attr", "acomp", "advcl", "mark"}
)


def cue_features(token: Token, quoted: Callable[[int], bool]) -> tuple[str, ...]:
    """What a verb or noun is, whatever it governs: the features of the cue detector, which
    says how likely a token is to be a reporting cue at all (its lemma, the first letters of
    its lemma, its place in the parse, what it governs and who its subject is)."""
    lemma = cue_lemma(token)
    bare = token.lemma_.lower()
    features = [
        f"lemma={lemma}",
        f"stem={bare[:STEM_LETTERS]}",
        f"pos={token.pos_}",
        f"tag={token.tag_}",
        f"dep={token.dep_}",
        f"head={token.head.lemma_.lower() if token.dep_ != 'ROOT' else 'ROOT'}|{token.dep_}",
        f"head_pos={token.head.pos_}|{token.dep_}",
    ]
    for child in token.children:
        if child.dep_ in _CUE_CHILD_DEPS:
            features.append(f"child={child.dep_}")
            if child.dep_ in ("ccomp", "xcomp"):
                features.append(f"child_first={child.left_edge.lower_}|{child.dep_}")
        elif child.dep_ == "prep":
            features.append(f"prep={child.lower_}")
            features.append(f"pos_prep={token.pos_}|{child.lower_}")
    subject = speaker_head(token, quoted) if token.pos_ == "VERB" else _possessor(token)
    subject_token = token.doc[subject] if subject is not None else None
    features += _subject_features(subject_token)
    features.append(f"pos_subject={token.pos_}|{_subject_class(subject_token)}")
    features += _lexicon_features(bare)
    if bare[:STEM_LETTERS] in _LEXICON_STEMS:
        features.append(f"lex_stem|{token.pos_}")
    return tuple(features)


_LEXICON_STEMS = frozenset(
    w[:STEM_LETTERS] for w in REPORTING_VERBS | STANCE_VERBS | DESCRIBING_VERBS if len(w) > 3
)


class CueDetector:
    """A logistic regression over `cue_features`: how likely a token is a reporting cue."""

    def __init__(self, weights: dict[str, float], bias: float) -> None:
        self.weights = weights
        self.bias = bias

    def probability(self, features: tuple[str, ...]) -> float:
        score = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(min(score, 30.0), -30.0)))


def detector_bin(probability: float) -> str:
    """The ranker's feature for the detector's probability: its tenth."""
    return f"cue_p={min(int(probability * 10), 9)}"


def ranker_token_features(features: tuple[str, ...], probability: float) -> tuple[str, ...]:
    """What the ranker adds to a candidate's features from its token: the detector's
    probability, by tenths, and the token's cue features (marked apart from the candidate's
    own, which share some names)."""
    return (detector_bin(probability), *(f"t:{f}" for f in features))


def token_candidates(
    token: Token,
    sent: Span,
    quoted: Callable[[int], bool],
    allowed: Callable[[str], bool] = lambda key: True,
) -> list[Candidate]:
    """The candidates of one verb or noun, one a frame; `allowed` filters on the key
    'lemma|frame' before any feature is made."""
    if token.pos_ == "VERB":
        frames = _verb_frames(token, sent)
    elif token.pos_ == "NOUN":
        frames = _noun_frames(token, sent)
    else:
        return []
    lemma = cue_lemma(token)
    found = []
    for frame in frames:
        key = f"{lemma}|{frame.kind}"
        if not allowed(key):
            continue
        start, end = frame.content
        if _content_words(sent.doc[start:end]) < MIN_CONTENT_WORDS:
            continue  # 'reported the story', 'has not seen any additions': a thing, no report
        holds_quotation = any(quoted(i) for i in range(start, end))
        if lemma in EVALUATIVE_VERBS and not holds_quotation and frame.kind != "ccomp":
            continue  # what an evaluative verb judges is no quote (see `quote_cues`)
        if token.pos_ == "VERB" and frame.kind not in ("raised", "object_predicate"):
            speaker = speaker_head(token, quoted)
        else:
            speaker = frame.speaker
        if speaker is not None and quoted(speaker):
            speaker = None
        speaker_token = sent.doc[speaker] if speaker is not None else None
        attribution = Attribution(cue_range(token), speaker, frame.content)
        features = _features(token, frame, speaker_token, holds_quotation)
        found.append(Candidate(attribution, key, features))
    return found


def candidate(verb: Token, sent: Span, quoted: Callable[[int], bool]) -> Candidate | None:
    """The attribution `verb` would make in its first frame, with its features; None when it
    has no content."""
    found = token_candidates(verb, sent, quoted)
    return found[0] if found else None


class AttributionModel:
    """Feature weights, bias and decision threshold of the candidate scorer, the filter's
    (lemma, frame) pairs (None: no filter), and the cue detector with its gate: a token yields
    candidates in any frame, whatever the filter says of its lemma and frame, when the
    detector's probability reaches the gate."""

    def __init__(
        self,
        weights: dict[str, float],
        bias: float,
        threshold: float,
        cues: Iterable[str] | None = None,
        detector: CueDetector | None = None,
        gate: float = 1.0,
    ) -> None:
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        self.cues = frozenset(cues) if cues is not None else None
        self.lemmas = (
            frozenset(key.split("|", 1)[0] for key in self.cues) if self.cues is not None else None
        )
        self.detector = detector
        self.gate = gate

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> AttributionModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        detector = None
        if "detector" in data:
            found = data["detector"]
            detector = CueDetector(found["weights"], float(found["bias"]))
        return cls(
            data["weights"],
            float(data["bias"]),
            float(data["threshold"]),
            data.get("cues"),
            detector,
            float(data.get("gate", 1.0)),
        )

    def probability(self, features: tuple[str, ...]) -> float:
        score = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-max(min(score, 30.0), -30.0)))

    def allowed(self, key: str) -> bool:
        return self.cues is None or key in self.cues

    def extra(
        self, sent: Span, quoted: Callable[[int], bool], taken: set[int]
    ) -> list[Attribution]:
        """Attributions the model finds for verbs and nouns of `sent` whose cue the rules did
        not take: of each, its best frame when that passes the threshold."""
        found = []
        for token in _open_tokens(sent, quoted, taken):
            known = self.lemmas is None or cue_lemma(token) in self.lemmas
            if not known and (self.detector is None or not _may_have_frames(token)):
                continue
            allowed: Callable[[str], bool] = self.allowed
            extra_features: tuple[str, ...] = ()
            if self.detector is not None:
                token_features = cue_features(token, quoted)
                cue_probability = self.detector.probability(token_features)
                if cue_probability >= self.gate:
                    allowed = _any_key  # a likely cue, in whatever frame
                elif not known:
                    continue
                extra_features = ranker_token_features(token_features, cue_probability)
            scored = token_candidates(token, sent, quoted, allowed)
            if not scored:
                continue
            probability, best = max(
                ((self.probability(c.features + extra_features), c) for c in scored),
                key=lambda pair: pair[0],
            )
            if probability >= self.threshold:
                found.append(best.attribution)
        return found


def _may_have_frames(token: Token) -> bool:
    """Whether a token may have a frame at all, asked before the cue detector's features are
    made: a noun needs a clause or a prepositional phrase after it (`_noun_frames`)."""
    if token.pos_ != "NOUN":
        return True
    return any(
        c.dep_ in ("acl", "ccomp") or (c.dep_ == "prep" and c.lower_ in _NOUN_PREPOSITIONS)
        for c in token.rights
    )


def _any_key(key: str) -> bool:
    return True


def _open_tokens(sent: Span, quoted: Callable[[int], bool], taken: set[int]) -> list[Token]:
    """The verbs and nouns of `sent` outside quotations and outside `taken` cues."""
    return [
        token
        for token in sent
        if token.pos_ in ("VERB", "NOUN") and token.i not in taken and not quoted(token.i)
    ]


def candidates(sent: Span, quoted: Callable[[int], bool], taken: set[int]) -> list[Candidate]:
    """Every candidate of the verbs and nouns of `sent` outside quotations and outside `taken`
    cues, unfiltered (for training)."""
    return [c for _, _, found in token_groups(sent, quoted, taken) for c in found]


def token_groups(
    sent: Span, quoted: Callable[[int], bool], taken: set[int]
) -> list[tuple[Token, tuple[str, ...], list[Candidate]]]:
    """Each verb and noun of `sent` outside quotations and `taken` cues that has candidates:
    the token, its cue features and its candidates, unfiltered (for training)."""
    groups = []
    for token in _open_tokens(sent, quoted, taken):
        found = token_candidates(token, sent, quoted)
        if found:
            groups.append((token, cue_features(token, quoted), found))
    return groups


@cache
def default_model() -> AttributionModel | None:
    """The shipped model, or None when it is missing (the rules alone then)."""
    return AttributionModel.load() if MODEL_FILE.exists() else None
