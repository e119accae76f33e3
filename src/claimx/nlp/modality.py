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


def _is_modal(token: Token, forms: frozenset[str]) -> bool:
    # Without tags ("" on a blank pipeline) the form alone decides.
    return token.lower_ in forms and token.tag_ in ("", "MD")


def _is_verb(token: Token) -> bool:
    # "plans to expand" is an intention, "the plan to expand" a thing; untagged, assume a verb.
    return token.tag_ == "" or token.tag_.startswith("VB")


def _follows_be(tokens: list[Token], i: int) -> bool:
    """A form of "be" just before token i, allowing one adverb between ("is now set to")."""
    for j in (i - 1, i - 2):
        if j < 0:
            return False
        if tokens[j].lower_ in BE_FORMS:
            return True
        if not tokens[j].lower_.endswith("ly") and tokens[j].pos_ != "ADV":
            return False
    return False


def _before_to(tokens: list[Token], i: int) -> bool:
    return i + 1 < len(tokens) and tokens[i + 1].lower_ == "to"


def is_hedged(span: Span) -> bool:
    tokens = list(span)
    for i, token in enumerate(tokens):
        form = token.lower_
        if _is_modal(token, HEDGE_MODALS):
            return True
        # "likely voters" describes the voters; only "is likely to", "likely won" hedge.
        if form in HEDGE_ADVERBS and token.dep_ != "amod":
            return True
        if form in HEDGE_AFTER_BE and _before_to(tokens, i) and _follows_be(tokens, i):
            return True
        if form in HEDGE_BEFORE_TO and _before_to(tokens, i):
            return True
    return False


def is_future(span: Span) -> bool:
    tokens = list(span)
    for i, token in enumerate(tokens):
        form = token.lower_
        if _is_modal(token, FUTURE_MODALS):
            return True
        if form in FUTURE_AFTER_BE and _before_to(tokens, i) and _follows_be(tokens, i):
            return True
        if form in FUTURE_BEFORE_TO and _before_to(tokens, i) and _is_verb(token):
            return True
    return False


def cites_source(span: Span) -> bool:
    """An attribution inside the sentence itself: "..., according to Axios"."""
    forms = [t.lower_ for t in span]
    return any(
        forms[i : i + len(phrase)] == list(phrase)
        for phrase in REPORTING_PHRASES
        for i in range(len(forms))
    )


def modality(span: Span, *, attributed: bool) -> Modality:
    """The claim's modality; `attributed` when it is the content of a quote."""
    if is_hedged(span):
        return "hedged"
    if is_future(span):
        return "future"
    if attributed or cites_source(span):
        return "reported"
    return "asserted"


def is_negated(span: Span) -> bool:
    """A negation inside the claim: "not", "never", "no longer", "refused to", "denied"."""
    tokens = list(span)
    for i, token in enumerate(tokens):
        form = token.lower_
        if token.dep_ == "neg" or form in NEGATORS or form in NEGATING_VERBS:
            return True
        if form == "no" and i + 1 < len(tokens) and tokens[i + 1].lower_ == "longer":
            return True
        if form in REFUSING_VERBS and _before_to(tokens, i):
            return True
    return False
