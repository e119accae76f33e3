"""How a claim is stated: its modality (asserted, reported, hedged, future) and negation.

Small rules over the tokens' lowercase forms, so they work on any tokenised span; where the
tagger ran, the fine-grained tag keeps a noun ("the will of the people", "in May") from passing
for a modal verb. Precedence: hedged > future > reported > asserted, since "X said it may
happen" is first of all uncertain, and "X said it will happen" first of all a prediction.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from claimx.records.article import Modality

HEDGE_MODALS = frozenset({"could", "may", "might"})
FUTURE_MODALS = frozenset({"will", "'ll", "shall", "wo"})  # "wo" is "won't" split by spaCy
HEDGE_ADVERBS = frozenset(
    {
        "reportedly",
        "allegedly",
        "likely",
        "unlikely",
        "possibly",
        "perhaps",
        "probably",
        "apparently",
        "purportedly",
        "supposedly",
        "potentially",
        "rumored",
        "rumoured",
    }
)
BE_FORMS = frozenset({"be", "is", "are", "was", "were", "been", "being", "'s", "'re", "am", "'m"})
# "<be> expected to", "<be> said to": the writer vouches for the claim no more than that.
HEDGE_AFTER_BE = frozenset({"expected", "believed", "thought", "said", "reported", "understood"})
HEDGE_BEFORE_TO = frozenset({"seems", "seem", "seemed", "appears", "appear", "appeared"})
# "<be> set to", "<be> going to" announce what is to happen.
FUTURE_AFTER_BE = frozenset({"set", "going", "scheduled", "slated", "poised", "about"})
FUTURE_BEFORE_TO = frozenset(
    {"plans", "plan", "planned", "planning", "intends", "intend", "intended", "aims", "aim"}
)
REPORTING_PHRASES = (("according", "to"),)
NEGATORS = frozenset({"not", "n't", "never", "neither", "nor"})
NEGATING_VERBS = frozenset({"denied", "denies", "deny", "denying"})
REFUSING_VERBS = frozenset(
    {"refused", "refuses", "refuse", "refusing", "declined", "declines", "decline", "declining"}
)


def _is_modal(token: Token, form: str, forms: frozenset[str]) -> bool:
    # Without tags ("" on a blank pipeline) the form alone decides.
    return form in forms and token.tag_ in ("", "MD")


def _is_verb(token: Token) -> bool:
    # "plans to expand" is an intention, "the plan to expand" a thing; untagged, assume a verb.
    return token.tag_ == "" or token.tag_.startswith("VB")


def _follows_be(tokens: list[Token], forms: list[str], i: int) -> bool:
    """A form of "be" just before token i, allowing one adverb between ("is now set to")."""
    for j in (i - 1, i - 2):
        if j < 0:
            return False
        if forms[j] in BE_FORMS:
            return True
        if not forms[j].endswith("ly") and tokens[j].pos_ != "ADV":
            return False
    return False


def _before_to(forms: list[str], i: int) -> bool:
    return i + 1 < len(forms) and forms[i + 1] == "to"


class _Words:
    """A span's tokens and their lowercase forms, read once for all the tests below: each
    token attribute read from spaCy costs more than the test made on it."""

    def __init__(self, span: Span) -> None:
        self.tokens = list(span)
        self.forms = [token.lower_ for token in self.tokens]


def _is_hedged(words: _Words) -> bool:
    tokens, forms = words.tokens, words.forms
    for i, form in enumerate(forms):
        if _is_modal(tokens[i], form, HEDGE_MODALS):
            return True
        # "likely voters" describes the voters; only "is likely to", "likely won" hedge.
        if form in HEDGE_ADVERBS and tokens[i].dep_ != "amod":
            return True
        if form in HEDGE_AFTER_BE and _before_to(forms, i) and _follows_be(tokens, forms, i):
            return True
        if form in HEDGE_BEFORE_TO and _before_to(forms, i):
            return True
    return False


def _is_future(words: _Words) -> bool:
    tokens, forms = words.tokens, words.forms
    for i, form in enumerate(forms):
        if _is_modal(tokens[i], form, FUTURE_MODALS):
            return True
        if form in FUTURE_AFTER_BE and _before_to(forms, i) and _follows_be(tokens, forms, i):
            return True
        if form in FUTURE_BEFORE_TO and _before_to(forms, i) and _is_verb(tokens[i]):
            return True
    return False


def _cites_source(words: _Words) -> bool:
    forms = words.forms
    for phrase in REPORTING_PHRASES:
        # Most sentences lack the phrase's first word: one scan in C rules them out.
        if phrase[0] not in forms:
            continue
        size = len(phrase)
        if any(tuple(forms[i : i + size]) == phrase for i, f in enumerate(forms) if f == phrase[0]):
            return True
    return False


def _modality(words: _Words, *, attributed: bool) -> Modality:
    if _is_hedged(words):
        return "hedged"
    if _is_future(words):
        return "future"
    if attributed or _cites_source(words):
        return "reported"
    return "asserted"


def _is_negated(words: _Words) -> bool:
    tokens, forms = words.tokens, words.forms
    for i, form in enumerate(forms):
        if tokens[i].dep_ == "neg" or form in NEGATORS or form in NEGATING_VERBS:
            return True
        if form == "no" and i + 1 < len(forms) and forms[i + 1] == "longer":
            return True
        if form in REFUSING_VERBS and _before_to(forms, i):
            return True
    return False


def is_hedged(span: Span) -> bool:
    return _is_hedged(_Words(span))


def is_future(span: Span) -> bool:
    return _is_future(_Words(span))


def cites_source(span: Span) -> bool:
    """An attribution inside the sentence itself: "..., according to Axios"."""
    return _cites_source(_Words(span))


def modality(span: Span, *, attributed: bool) -> Modality:
    """The claim's modality; `attributed` when it is the content of a quote."""
    return _modality(_Words(span), attributed=attributed)


def is_negated(span: Span) -> bool:
    """A negation inside the claim: "not", "never", "no longer", "refused to", "denied"."""
    return _is_negated(_Words(span))


def modality_and_negation(span: Span, *, attributed: bool) -> tuple[Modality, bool]:
    """`modality` and `is_negated` of the span, its tokens read once for both."""
    words = _Words(span)
    return _modality(words, attributed=attributed), _is_negated(words)
