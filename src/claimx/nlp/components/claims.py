"""Claims: the check-worthy factual statements of an article, with claimant and modality.

Claim units are the body's sentences, minus what cannot be a claim (blanked boilerplate,
headlines and captions, questions, short fragments). Where a sentence holds quote content, the
unit is that content, attributed to the quote's speaker, unless the cue is factive ("an official
confirmed that ..."): then the writer vouches for it, and the whole sentence is the outlet's
claim, linked to the quote as its source. Elsewhere the unit is the whole sentence, the outlet's
own assertion. Every unit of a document is scored in one batch by the check-worthiness
model, and those at or above its threshold become `doc.spans["claimx_claims"]`.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

from spacy.attrs import ORTH, POS
from spacy.language import Language
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Span, Token

from claimx.nlp.checkworthiness.scorers import CheckworthinessScorer, ClaimModel, shipped_scorer
from claimx.nlp.extensions import CLAIMS, QUOTES, register_extensions
from claimx.nlp.modality import modality_and_negation
from claimx.nlp.token_flags import token_flags

MIN_WORDS = 5  # below this a sentence is a fragment ("Read more.", "Photo: AP.")
TERMINAL_PUNCT = frozenset({".", "!", "?", "…"})
# Cues that presuppose their content is true: "an official confirmed that ..."
FACTIVE_CUE_STEMS = ("confirm", "acknowledg", "reveal", "verif")
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
# Words that open an embedded question: "asked whether ...", "explaining why ...".
QUESTION_WORDS = frozenset({"whether", "if", "why", "how", "what", "who", "when", "where", "which"})


@dataclass(frozen=True)
class ClaimUnit:
    """A stretch of text that may be a claim, and the quote it comes from, if any."""

    span: Span
    quote: Span | None
    # The writer's own statement about the quote ("X confirmed that ...", "X announced Y").
    outlet_voice: bool = False


def trim(span: Span) -> Span | None:
    """The span without surrounding spaces, quotation marks and stray punctuation.

    A final full stop stays, so a sentence claim reads as written; so do edge quotation marks
    when others are inside (mixed quotes: “outcry over the war” left “Israel isolated”).
    """
    doc = span.doc
    flags = token_flags(doc)
    start, end = span.start, span.end
    while start < end and flags.is_space[start]:
        start += 1
    while end > start and flags.is_space[end - 1]:
        end -= 1
    inner_quotes = flags.quotes(start + 1, end - 1) > 0

    def removable(token: Token) -> bool:
        if token.is_quote:
            return not inner_quotes
        # Bullets, pipes and dashes go; "$17 billion" and "40%" keep their symbols.
        return not (any(c.isalnum() for c in token.text) or token.is_currency or token.text == "%")

    while start < end and removable(doc[start]):
        start += 1
    opened = any(doc[i].text == "(" for i in range(start, end))
    while (
        end > start
        and removable(doc[end - 1])
        and doc[end - 1].text not in TERMINAL_PUNCT
        and not (opened and doc[end - 1].text == ")")  # "the agency (EPA)"
    ):
        end -= 1
    return doc[start:end] if end > start else None


def lines(sentence: Span) -> list[Span]:
    """The sentence cut at line breaks: the parser sometimes runs a headline into the body."""
    doc = sentence.doc
    is_space = token_flags(doc).is_space
    pieces, start = [], sentence.start
    for i in range(sentence.start, sentence.end):
        if is_space[i] and "\n" in doc[i].text:
            if i > start:
                pieces.append(doc[start:i])
            start = i + 1
    if start < sentence.end:
        pieces.append(sentence.doc[start : sentence.end])
    return pieces


class _SpanTests:
    """What `is_statement` asks of a Doc's tokens beyond their text flags, read once for the
    whole Doc with `Doc.to_array`: running totals of verbs and where a "?" stands. Spans are
    then tested by subtraction and list lookups, not by iterating Token objects. Read after
    the tagger, as the claims component is."""

    def __init__(self, doc: Doc) -> None:
        self.has_pos = doc.has_annotation("POS")
        pos, orth = doc.to_array([POS, ORTH]).T
        self._verbs = [0, *accumulate(((pos == VERB) | (pos == AUX)).tolist())]
        self.question = (orth == doc.vocab.strings["?"]).tolist()

    def has_verb(self, span: Span) -> bool:
        return not self.has_pos or self._verbs[span.end] > self._verbs[span.start]

    def is_question(self, span: Span) -> bool:
        return any(self.question[max(span.start, span.end - 3) : span.end])


def count_words_and_numbers(span: Span) -> int:
    """Tokens that are words or numbers: what MIN_WORDS counts."""
    return token_flags(span.doc).words(span.start, span.end)


def is_question(span: Span) -> bool:
    return any(t.text == "?" for t in span[-3:])


def ends_a_line(span: Span) -> bool:
    doc = span.doc
    i = span.end
    while i < len(doc) and doc[i].is_space:
        if "\n" in doc[i].text:
            return True
        i += 1
    return i == len(doc)


def is_unpunctuated_line(line: Span) -> bool:
    """A line of its own with no closing punctuation: a headline, caption or page furniture."""
    last = next((t for t in reversed(line) if not (t.is_space or t.is_quote)), None)
    if last is None or last.text in TERMINAL_PUNCT:
        return False
    return ends_a_line(line)


def has_verb(span: Span) -> bool:
    # Without a tagger (blank pipeline) there is nothing to tell by.
    if not span.doc.has_annotation("POS"):
        return True
    return any(t.pos_ in ("VERB", "AUX") for t in span)


def is_imperative(span: Span) -> bool:
    """ "Stay updated with ...", "Click here to ...": calls to the reader, not claims."""
    if not span.doc.has_annotation("DEP"):
        return False
    root = span.root
    first_word = next((t for t in span if t.is_alpha), None)
    return (
        root.tag_ == "VB"
        and root == first_word
        and not any(child.dep_ in SUBJECT_DEPS for child in root.children)
    )


def is_statement(span: Span, tests: _SpanTests | None = None) -> bool:
    """A clause that can be a claim: enough words, not a question, a verb, no imperative.
    `tests`: the span's Doc's, when the caller has them."""
    if count_words_and_numbers(span) < MIN_WORDS:
        return False
    if tests is None:
        return not is_question(span) and has_verb(span) and not is_imperative(span)
    return not tests.is_question(span) and tests.has_verb(span) and not is_imperative(span)


def is_embedded_question(content: Span) -> bool:
    """Reported content that asks rather than states: "(asked) whether the vote would pass",
    "(explaining) why he argued ...". The question word must open the content's own clause:
    "what he is doing is illegal" and "if he wins, taxes rise" state something."""
    first = next((t for t in content if t.is_alpha), None)
    if first is None or first.lower_ not in QUESTION_WORDS:
        return False
    if not content.doc.has_annotation("DEP"):
        return first.lower_ in ("whether", "why")
    root = content.root
    return first.head == root and first != root


def claim_units(doc: Doc) -> list[ClaimUnit]:
    """The candidate claims of the document, in text order."""
    quotes = sorted(doc.spans.get(QUOTES, []), key=lambda q: q.start)
    tests = _SpanTests(doc)
    units: list[ClaimUnit] = []
    # Lines come in text order: the quotes overlapping one are those begun before its end and
    # not ended before its start, kept in a list that only ever holds the current ones.
    upcoming = 0
    current: list[Span] = []
    for sentence in doc.sents:
        for line in lines(sentence):
            while upcoming < len(quotes) and quotes[upcoming].start < line.end:
                current.append(quotes[upcoming])
                upcoming += 1
            current = [q for q in current if line.start < q.end]
            body = trim(line)
            if body is None or is_unpunctuated_line(line):
                continue
            inside = list(current)
            if not inside:
                if is_statement(body, tests):
                    units.append(ClaimUnit(body, None))
                continue
            seen: set[tuple[int, int]] = set()
            for quote in inside:
                # The writer vouches for the whole sentence, not only the confirmed content.
                outlet_voice = in_outlet_voice(quote)
                # An interrupted quotation claims its quoted words, not the speaker's between.
                pieces = quote._.claimx_parts or [quote]
                for piece in pieces:
                    if piece.end <= line.start or piece.start >= line.end:
                        continue
                    part = (
                        body
                        if outlet_voice
                        else trim(doc[max(piece.start, line.start) : min(piece.end, line.end)])
                    )
                    if (
                        part is None
                        or not is_statement(part, tests)
                        or (
                            quote.label_ != "direct"
                            and not outlet_voice
                            and is_embedded_question(part)
                        )
                    ):
                        # Content that is no clause ("announced its accession to the pact") or
                        # a question: the writer's sentence reporting the act is the claim.
                        part, outlet_voice = body, True
                    if (part.start, part.end) not in seen and is_statement(part, tests):
                        seen.add((part.start, part.end))
                        units.append(ClaimUnit(part, quote, outlet_voice))
    return units


def in_outlet_voice(quote: Span) -> bool:
    """Content the writer vouches for: "X confirmed that ...", as opposed to "X said that ...".

    A factive cue presupposes its content is true, so the claim is the outlet's own, with the
    quote as its source.
    """
    cue: Span | None = quote._.claimx_cue
    return (
        quote.label_ == "indirect"
        and cue is not None
        and any(t.lower_.startswith(FACTIVE_CUE_STEMS) for t in cue)
    )


# Sentences scored at once.
SCORE_BATCH = 256


class ClaimExtractor:
    """Writes `doc.spans["claimx_claims"]`, each claim with its claimant, modality and score."""

    def __init__(self, model: CheckworthinessScorer) -> None:
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        units = claim_units(doc)
        # In batches: the scorer's feature matrices of a whole book's sentences at once took
        # 200 MB; a sentence's score does not depend on its batch.
        scores = [
            score
            for start in range(0, len(units), SCORE_BATCH)
            for score in self.model.score([u.span for u in units[start : start + SCORE_BATCH]])
        ]
        outlet: str | None = doc._.claimx_outlet
        claims = []
        for unit, score in zip(units, scores, strict=True):
            if score < self.model.threshold:
                continue
            claim = doc[unit.span.start : unit.span.end]
            attributed = unit.quote is not None and not unit.outlet_voice
            claim._.claimx_checkworthiness = round(score, 4)
            claim._.claimx_modality, claim._.claimx_negated = modality_and_negation(
                claim, attributed=attributed
            )
            claim._.claimx_quote = unit.quote
            if unit.quote is not None and attributed:
                claim._.claimx_claimant = unit.quote._.claimx_speaker_entity
                claim._.claimx_claimant_kind = "speaker"
            else:
                claim._.claimx_claimant = outlet
                claim._.claimx_claimant_kind = "outlet"
            claims.append(claim)
        doc.spans[CLAIMS] = claims
        return doc


@Language.factory(
    "claimx_claims",
    assigns=[
        "doc._.claimx_claims",
        "span._.claimx_modality",
        "span._.claimx_negated",
        "span._.claimx_checkworthiness",
        "span._.claimx_claimant",
        "span._.claimx_claimant_kind",
        "span._.claimx_quote",
    ],
    # A quoted claim's claimant is its quote's speaker entity (doc._.claimx_outlet, the
    # other claimant, is an input set before the pipeline runs).
    requires=[
        "doc.sents",
        "doc.ents",
        "token.tag",
        "token.dep",
        "doc._.claimx_quotes",
        "span._.claimx_cue",
        "span._.claimx_speaker_entity",
    ],
    default_config={"claim_model": "linear"},
)
def make_claim_extractor(nlp: Language, name: str, claim_model: ClaimModel) -> ClaimExtractor:
    register_extensions()
    # Loaded here, not on import: only a pipeline with claims pays for the model.
    return ClaimExtractor(shipped_scorer(claim_model))
