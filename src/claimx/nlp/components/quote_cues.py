"""Reporting cues: the verbs and phrases that attribute content to a source, found by parse.

Each cue yields an `Attribution`: the cue tokens, the head token of the speaker (if the parse
gives one) and the content tokens (if the cue governs a clause). Patterns, in the order tried:
- the cue's clausal complement: "X said (that) ...", "... told reporters that ...";
- the inverted report: "..., X said." where the parser hangs the cue under the content;
- characterisation: "X described it as ...", "X called it ...";
- "according to X, ..." and "..., according to X".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token


def word_set(text: str) -> frozenset[str]:
    """The words of a lexicon written as text."""
    return frozenset(text.split())


# Lemmas of verbs that report speech, writing or a stated position.
REPORTING_VERBS = word_set(
    """
    accuse acknowledge add admit advise affirm agree allege announce answer argue ask assert
    assure believe blog boast brag caution chant charge claim clarify comment complain
    concede conclude concur confess confirm contend continue counter declare decry demand
    deny disclose emphasise emphasize estimate exclaim explain fear find forecast go
    guarantee gush hint imply indicate inform insist interject joke lament maintain mention
    mock muse note observe pledge point post predict proclaim project promise protest
    question quip read recall recite recount reiterate remark reply report respond retort
    reveal say scoff shout show signal speculate state stress suggest swear tell testify
    think threaten tweet underline underscore urge vow warn wonder worry write yell
    """
)
# Verbs that attribute a stated stance to their object or infinitive: "X endorsed Clinton",
# "X called for a ban". The object is the content, as PolNeAR marks it. Mere intentions and
# acts ("plans to meet", "seeks to deepen", "refused to join") say nothing, so are no quotes.
STANCE_VERBS = word_set(
    """
    accuse acknowledge admit agree announce applaud ask attack back blame blast call
    challenge cite condemn confirm criticise criticize decry defend demand denounce
    deny dismiss dispute endorse express favor favour hail herald insist lambaste
    mention note oppose pledge praise predict promise propose question recommend
    reject ridicule slam suggest support thank threaten tout urge vow warn welcome
    """
)
# Stance verbs that judge a thing rather than report a position: "praised X's decision",
# "hailed a new era", "welcomed the move". A noun phrase after them is what was judged, not
# what was said; only a clause or a quotation is content.
EVALUATIVE_VERBS = word_set(
    """
    applaud attack blame blast celebrate commend condemn criticise criticize decry denounce
    hail herald lambaste laud praise ridicule slam thank tout welcome
    """
)
_OBJECT_DEPS = frozenset({"dobj", "xcomp"})
# Prepositions whose phrase after a stance verb's object belongs to the content ("accused X of
# Y", "criticised X for Y"). In PolNeAR train, after a stance verb's object in the content:
# for 82 in / 0 out, as 55 / 0, of 53 / 0, on 21 / 13, to 14 / 0; in 33 / 25, at 0 / 11 left out.
OBJECT_PREPOSITIONS = frozenset({"as", "for", "of", "on", "to"})
# Verbs that need a particle to report: "pointed out that", "Trump went on, “...”".
PARTICLE_VERBS = {"point": "out", "go": "on"}
# Verbs whose content is a characterisation: "described it as X", "called it X".
DESCRIBING_VERBS = word_set(
    """
    brand call characterise characterize describe dub hail herald label refer term tout
    """
)
# Texts whose author is the source of what they report: in "CNN published a story claiming
# ..." the speaker is CNN. Not quote_speakers.ISSUED_TEXT_NOUNS: that list is of texts
# standing as the speaker ("the statement reads") in place of their issuer.
PUBLISHED_TEXT_NOUNS = word_set(
    """
    article letter memo post release report statement story study
    """
)
# Verbs whose addressee belongs to the cue as written: "told Axios".
ADDRESSEE_VERBS = frozenset({"tell", "inform", "assure", "warn", "remind"})

_CLOSING_MARKS = frozenset({"”", '"', "»"})
# Clauses whose subject is the subject of the clause they hang from: "..., noting that".
_CLIMB_DEPS = frozenset({"advcl", "xcomp", "conj", "acl", "pcomp", "prep", "dobj", "pobj"})


@dataclass(frozen=True)
class Attribution:
    """Token offsets (doc-level, end exclusive) of one cue, its speaker head and content."""

    cue: tuple[int, int]
    speaker: int | None
    content: tuple[int, int] | None


def _trim(sent: Span, start: int, end: int) -> tuple[int, int] | None:
    """Shrink a token range past punctuation and spaces at its edges, a leading 'that' and a
    trailing 'and'."""
    doc = sent.doc
    start, end = max(start, sent.start), min(end, sent.end)
    while start < end and (doc[start].is_punct or doc[start].is_space):
        start += 1
    if start < end and doc[start].dep_ == "mark" and doc[start].lower_ in ("that", "whether"):
        start += 1
    end = trim_end(doc, start, end)
    return (start, end) if end > start else None


def trim_end(doc: Doc, start: int, end: int) -> int:
    """The end of a token range past the punctuation, spaces and a trailing 'and' at its end.
    A percent sign is no punctuation ('fell to 35%'), nor a closing bracket whose opening one
    the range holds ('the agency (EPA)')."""
    opened = any(doc[i].text == "(" for i in range(start, end))
    while end > start:
        last = doc[end - 1]
        if last.text == "%" or (last.text == ")" and opened):
            break
        if not (last.is_punct or last.is_space or last.dep_ == "cc"):
            break
        end -= 1
    return end


# How many clauses a cue's subject is looked for above it: "officials were quoted as saying"
# climbs two; deeper chains are parses of something else.
SPEAKER_CLIMB = 4
# An inverted subject ('“...,” read one') stands this many tokens after its verb at most.
INVERTED_SUBJECT_WINDOW = 4
# A cue closing its sentence ('..., X said.') has at least this many tokens of content before it.
MIN_CONTENT_BEFORE_CUE = 3


def speaker_head(verb: Token, quoted: Callable[[int], bool] = lambda i: False) -> int | None:
    """The token naming who speaks through `verb`: its subject, or that of a clause above.
    A subject inside a quotation (`quoted(i)`) is never the speaker: in '“... mode,” said
    Leslie Wimes' the parser may make both 'mode' and 'Wimes' subjects of 'said'."""
    current, climbed = verb, False
    for _ in range(SPEAKER_CLIMB):
        for child in current.children:
            if quoted(child.i):
                continue
            if child.dep_ == "nsubj" or (climbed and child.dep_ == "nsubjpass"):
                return child.i
            if child.dep_ == "agent":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if pobj is not None and not quoted(pobj.i):
                    return pobj.i
        head = current.head
        between = current.doc[head.i + 1 : current.i]
        if (
            current.dep_ == "acl"
            and head.pos_ in ("NOUN", "PROPN", "PRON")
            and not any(t.is_punct for t in between)
        ):
            # "sources indicating that...": the noun speaks, unless it is a text someone
            # issued ("CNN published a story claiming..."), which speaks for its author.
            if head.lemma_ in PUBLISHED_TEXT_NOUNS and head.dep_ == "dobj":
                current, climbed = head.head, True
                continue
            return head.i
        finite = current.tag_ in ("VBD", "VBZ", "VBP")
        if not climbed and finite and current.doc[current.i - 1].text in _CLOSING_MARKS:
            # '“...,” read one': an inverted subject parsed as the object.
            inverted = next((c for c in current.rights if c.dep_ in ("dobj", "attr")), None)
            if inverted is not None and inverted.i <= current.i + INVERTED_SUBJECT_WINDOW:
                return inverted.i
        if current.dep_ not in _CLIMB_DEPS or head is current:
            return None
        if current.dep_ == "advcl" and head.dep_ == "ccomp" and head.head.lemma_ in REPORTING_VERBS:
            # "X clarified that Y goes beyond, noting...": the adjunct belongs to the report.
            head = head.head
        current, climbed = head, True
    return None


def cue_range(verb: Token) -> tuple[int, int]:
    """The cue as written: the verb, its particle, and a 'tell'-type verb's addressee."""
    end = verb.i + 1
    for child in verb.rights:
        if child.dep_ == "prt" and child.i == end:
            end = child.i + 1
        elif (
            verb.lemma_ in ADDRESSEE_VERBS
            and child.dep_ in ("dobj", "dative")
            and child.left_edge.i == end
            and child.right_edge.i - end < 4
        ):
            end = child.right_edge.i + 1
    return verb.i, end


def _complement(verb: Token, sent: Span) -> tuple[int, int] | None:
    """The clause `verb` reports: its complement after it, else before it."""
    complements = [c for c in verb.children if c.dep_ == "ccomp"]
    after = [c for c in complements if c.i > verb.i]
    if after:
        clause = after[0]
        end = clause.right_edge.i + 1
        for child in clause.rights:
            has_subject = any(c.dep_ == "nsubj" for c in child.children)
            if child.dep_ == "conj" and has_subject and child.lemma_ in REPORTING_VERBS:
                end = min(end, child.left_edge.i)
            elif _set_off_report(child):
                # "that X goes beyond symbolism, noting ...": the parser hangs the speaker's
                # next report on the reported clause; it is not part of what was reported.
                end = min(end, child.left_edge.i)
        return _trim(sent, max(clause.left_edge.i, verb.i + 1), end)
    before = [c for c in complements if c.i < verb.i]
    if before:
        clause = before[-1]
        return _trim(sent, clause.left_edge.i, min(clause.right_edge.i + 1, verb.i))
    return None


def _object(verb: Token, sent: Span, quoted: Callable[[int], bool]) -> tuple[int, int] | None:
    """A stance verb's object or infinitive ('wants to ...', 'called for a ban'); after an
    evaluative verb, only a clause or a quotation."""
    parts = [c for c in verb.rights if c.dep_ in _OBJECT_DEPS]
    if not parts and verb.lemma_ == "call":
        parts = [c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "for"]
    if verb.lemma_ in EVALUATIVE_VERBS:
        parts = [c for c in parts if _is_clause(c) or _holds_quotation(c, quoted)]
    if not parts:
        return None
    return _trim(sent, parts[0].left_edge.i, _with_object_phrase(verb, parts[-1]) + 1)


def _with_object_phrase(verb: Token, last: Token) -> int:
    """Where an object's content ends: with the verb's prepositional phrase right after the
    object, which says what the object is held to ('accused X of Y', 'urged X to Y', 'called
    for X over Y'): PolNeAR keeps it in the content."""
    end = last.right_edge.i
    if last.dep_ != "dobj":
        return end
    for child in verb.rights:
        if child.i == end + 1 and child.dep_ == "prep" and child.lower_ in OBJECT_PREPOSITIONS:
            end = child.right_edge.i
    return end


def _is_clause(token: Token) -> bool:
    """A complement with a verb of its own: 'praised them for acting', 'urged him to go'."""
    return token.dep_ in ("xcomp", "ccomp") and token.pos_ in ("VERB", "AUX")


def _holds_quotation(token: Token, quoted: Callable[[int], bool]) -> bool:
    return any(quoted(i) for i in range(token.left_edge.i, token.right_edge.i + 1))


def _set_off_report(token: Token) -> bool:
    """A report set off by a comma: '..., noting' / '..., adding that' / '..., aides said'."""
    return (
        token.dep_ == "advcl"
        and token.lemma_ in REPORTING_VERBS
        and token.i > 0
        and token.doc[token.i - 1].text == ","
    )


def _introduces_what_follows(verb: Token, sent: Span) -> bool:
    """'..., noting:' / 'he said,' closing its sentence: the report's content comes after."""
    rest = [t for t in sent.doc[verb.i + 1 : sent.end] if not t.is_space]
    return bool(rest) and all(t.text in (",", ":", "—", "-") for t in rest)


def _inverted(verb: Token, sent: Span) -> tuple[int, int] | None:
    """'..., X said.': the parser hung the cue under the content it reports."""
    if (
        verb.dep_ not in ("advcl", "parataxis", "ccomp", "conj", "ROOT")
        or verb.i < sent.start + MIN_CONTENT_BEFORE_CUE
    ):
        return None
    if _introduces_what_follows(verb, sent):
        return None
    if any(c.dep_ in ("dobj", "ccomp", "xcomp") and c.i > verb.i for c in verb.children):
        return None
    doc = sent.doc
    left, right = verb.left_edge.i, verb.right_edge.i + 1
    while left < verb.i and doc[left].is_punct:  # the parser may hang the comma on the cue
        left += 1
    while right - 1 > verb.i and doc[right - 1].is_punct:
        right -= 1
    # The report must be set off from its content by a comma or a closing quotation mark.
    if left <= sent.start or not doc[left - 1].is_punct:
        return None
    start = sent.start if verb.dep_ == "ROOT" else min(verb.head.left_edge.i, left)
    if (
        verb.dep_ == "parataxis"
        and right + 1 < verb.head.right_edge.i
        and doc[right].text == ","
        and verb.head.i > right
    ):
        # 'This campaign, he says, is different': the report sits inside its content, which
        # goes on after it; the quote spans both parts, as an interrupted quotation does.
        return _trim(sent, start, verb.head.right_edge.i + 1)
    return _trim(sent, start, left)


def _characterisation(verb: Token, sent: Span) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """'described it as X' / 'called it X': (cue range, content range). What is described
    belongs to the content ('it as X'), as PolNeAR marks it: in train, the object after a
    describing verb is inside the content 290 times, inside the cue 19."""
    target = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    holders = [verb] if target is None else [verb, target]
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "prep" and child.lower_ == "as" and child.i > verb.i:
                return _described(verb, target, child.i + 1, child.right_edge.i + 1, sent)
    for child in verb.children:
        if child.dep_ in ("oprd", "xcomp") and child.i > verb.i:
            found = _described(verb, target, child.left_edge.i, child.right_edge.i + 1, sent)
            if found is not None:
                return found
    return None


def _described(
    verb: Token, target: Token | None, start: int, end: int, sent: Span
) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The characterisation from `start` to `end`, with the object before it when there is
    one, and the verb as the cue."""
    if _trim(sent, start, end) is None:
        return None
    if target is not None and target.i < start:
        start = target.left_edge.i
    content = _trim(sent, start, end)
    return ((verb.i, verb.i + 1), content) if content is not None else None


def _according_to(token: Token, sent: Span) -> Attribution | None:
    """'according to X': X is the source, the clause around the phrase the content."""
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None:
        return None
    source = next((c for c in to.children if c.dep_ == "pobj"), None)
    phrase_start, phrase_end = token.i, token.right_edge.i + 1
    before = _trim(sent, sent.start, phrase_start)
    after = _trim(sent, phrase_end, sent.end)
    sides = [side for side in (before, after) if side is not None]
    content = max(sides, key=lambda s: s[1] - s[0]) if sides else None
    return Attribution(
        cue=(token.i, to.i + 1),
        speaker=source.i if source is not None else None,
        content=content,
    )


def _is_passive(verb: Token) -> bool:
    if verb.tag_ != "VBN":
        return False
    return verb.dep_ == "acl" or any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def find_attributions(sent: Span, quoted: Callable[[int], bool]) -> Iterator[Attribution]:
    """Every attribution whose cue is in `sent` and outside quotations (`quoted(i)`)."""
    for token in sent:
        if quoted(token.i):
            continue
        if token.lower_ == "according" and token.dep_ == "prep":
            attribution = _according_to(token, sent)
            if attribution is not None:
                yield attribution
            continue
        if token.pos_ != "VERB":
            continue
        lemma = token.lemma_  # read for verbs only: most tokens are not
        # 'a group called X', 'he was told that': a passive's subject is not the speaker.
        has_agent = any(c.dep_ == "agent" for c in token.children)
        if _is_passive(token) and (lemma in DESCRIBING_VERBS or not has_agent):
            continue
        if lemma in DESCRIBING_VERBS:
            found = _characterisation(token, sent)
            if found is not None:
                speaker = speaker_head(token, quoted)
                if speaker is not None and quoted(speaker):
                    speaker = None  # the speaker is never inside the quotation
                yield Attribution(cue=found[0], speaker=speaker, content=found[1])
                continue
        if lemma not in REPORTING_VERBS and lemma not in STANCE_VERBS:
            continue
        particle = PARTICLE_VERBS.get(lemma)
        if particle and not any(c.dep_ == "prt" and c.lower_ == particle for c in token.children):
            continue
        content = _complement(token, sent)
        if content is None and lemma in STANCE_VERBS:
            content = _object(token, sent, quoted)
        if content is None and lemma in REPORTING_VERBS:
            content = _inverted(token, sent)
        speaker = speaker_head(token, quoted)
        if speaker is not None and quoted(speaker):
            speaker = None  # the speaker is never inside the quotation
        yield Attribution(cue=cue_range(token), speaker=speaker, content=content)
