"""Finding the article body in the whole text of a web page, line by line.

Pages copied from the web carry their furniture along: menus, tickers, share buttons, comment
forms, cookie notices, related-article lists. Article paragraphs are long lines of running
prose; furniture is short lines, repeated lines and a vocabulary of its own. Each line gets a
weight (its words if it reads as prose, a penalty otherwise) and the body is the stretch of
lines with the largest total weight (a maximum-sum segment), so short lines inside the article
(subheadings, list items) stay while the menus around it go. Labels that close an article
(comments, related lists, the footer) weigh heavily; a comment thread never joins the body.
Works on any layout: nothing here knows a site.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

WORD = re.compile(r"\w+")
_DIGITS = re.compile(r"\d+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# What ends a sentence of running prose, closing quotes and brackets included.
_PROSE_END = tuple(".!?:;…\"'”’»)")

# A line of this many words ending like a sentence reads as prose...
PROSE_MIN_WORDS = 8
# ...and a line this long reads as prose however it ends.
LONG_LINE_WORDS = 20
# In prose most words start lower case (German nouns aside); a line of capitalised words
# is a menu or a headline.
MAX_CAPITALISED_SHARE = 0.7
# A short line costs this much plus this much per word: a few of them inside the article are
# absorbed by the paragraphs around them, a menu of them is not.
SHORT_LINE_PENALTY = 5.0
SHORT_LINE_PENALTY_PER_WORD = 0.5
# A line repeated on the page (menus shown twice, tickers, "Reply" links) is template.
REPEATED_LINE_PENALTY = 10.0
# A furniture label ("Related articles", "Leave a reply") all but ends the article.
FURNITURE_PENALTY = 50.0
# A furniture label counts only on a line of at most this many words.
FURNITURE_MAX_WORDS = 6
# A body shorter than this (in weight) means the penalties were too strict for this page
# (a recipe, a table): they are relaxed step by step.
MIN_BODY_WEIGHT = 40.0
_RELAXATION = (1.0, 0.5, 0.25, 0.1)
# A numbered list: at least this many items numbered 1, 2, 3..., at most this many lines
# apart; each item weighs this share of its words, like prose.
LIST_MIN_ITEMS = 3
LIST_ITEM_GAP = 3
LIST_ITEM_SHARE = 0.5
# Hard-wrapped text: lines of at least this many words, at least this many of them, at most
# this wide, a share of them within the slack of the widest: the width they were cut at.
WRAP_MIN_WORDS = 3
WRAP_MIN_LINES = 5
WRAP_MAX_WIDTH = 200
WRAP_SLACK = 25
WRAPPED_SHARE = 0.5
# Body weight above a comment thread that makes a whole article: the thread is then left out
# however long it is.
ARTICLE_WEIGHT = 100.0


def _alternatives(spec: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in spec.replace("\n", " ").split("|") if p.strip())


# Whole-line labels of page furniture, by reason: the line is nothing but the label (a count
# aside, "167 comments"). Several languages of the web, not one site's wording.
_LABELS: dict[str, tuple[str, ...]] = {
    "share": _alternatives(
        """share|shares|share this|share this article|share this story|share on facebook|
        share on twitter|share via email|tweet|print|email|e mail|facebook|twitter|x|whatsapp|
        linkedin|pinterest|reddit|instagram|youtube|telegram|flipboard|rss|copy link|
        get short url|compartir|compartilhar|compartilhe|condividi|teilen|partager|delen|
        поделиться"""
    ),
    "advertisement": _alternatives(
        """advertisement|advertisements|advertising|advert|sponsored|sponsored content|ad|ads|
        promoted|publicidad|publicidade|pubblicità|anzeige|werbung|publicité|advertentie|
        реклама"""
    ),
    "comments": _alternatives(
        """comments|comment|0 comments|0 comment|no comments|view comments|show comments|
        top rated comments|read all comments|reply|leave a reply|leave a comment|
        post a comment|add a comment|write a comment|join the conversation|
        comentarios|comentários|commenti|nessun commento|kommentare|commentaires|reacties|
        комментарии|yorumlar"""
    ),
    "related": _alternatives(
        """related|related articles|related posts|related stories|related news|
        related content|related topics|more stories|more news|more from|must read|
        you may also like|you might also like|recommended|recommended for you|most popular|
        most read|most viewed|trending|popular posts|recent posts|latest news|latest stories|
        top stories|relacionados|artigos relacionados|artículos relacionados|
        articoli correlati|ähnliche artikel|articles similaires|похожие статьи"""
    ),
    "author-bio": _alternatives(
        """about the author|about the authors|about the writer|author bio|sobre o autor|
        sobre el autor|à propos de l auteur|über den autor|über die autorin|sull autore|
        об авторе"""
    ),
    "related-link": _alternatives(
        """read more|read next|read also|see also|also read|see more|don t miss|
        read the full article|read the full article here|read the full story|read full article|
        read the original article|read more here|
        previous post|next post|previous article|next article|previous|next|leia também|
        lee también|leggi anche|lesen sie auch|lire aussi|à lire aussi|voir aussi|
        читайте также"""
    ),
    "subscribe": _alternatives(
        """subscribe|subscribe now|newsletter|sign up|sign in|log in|login|logout|log out|
        register|my account|follow us|follow|suscríbete|assine|iscriviti|abonnieren|
        abonnez vous|подписаться"""
    ),
    "navigation": _alternatives(
        """menu|search|close|home|loading|back to top|skip to content|skip to main content|
        skip to navigation|main menu|navigation|continue reading|continue reading below|
        tags|tagged|topics|categories|etiquetas|schlagwörter|теги|метки|news update|
        breaking news|more"""
    ),
}
_LABEL_REASON = {label: reason for reason, labels in _LABELS.items() for label in labels}

# Phrases that make a short line furniture wherever they stand in it.
_SHORT_LINE_PHRASES: dict[str, tuple[str, ...]] = {
    "comment-form": _alternatives(
        """leave a reply|leave a comment|post a comment|add a comment|write a comment|
        enter your comment|enter your name|enter your email|your email address will not|
        comments|comentários|comentarios|commenti|kommentare|commentaires|комментари|
        deixe um comentário|deja un comentario|lascia un commento|laisser un commentaire|
        schreibe einen kommentar"""
    ),
    "related": _alternatives(
        """related articles|related posts|related stories|you may also like|
        you might also like|more stories"""
    ),
    "subscribe": _alternatives("""sign up for|subscribe to|newsletter|follow us"""),
    "credit": _alternatives(
        """getty images|image credit|photo credit|image copyright|photograph|
        associated press|ap photo|reuters|afp|shutterstock"""
    ),
}
# Legal formulas that make a line furniture however long it is (up to the longest notices).
_ANY_LINE_PHRASES: dict[str, tuple[str, ...]] = {
    "copyright": _alternatives(
        """all rights reserved|todos los derechos reservados|todos os direitos reservados|
        tutti i diritti riservati|alle rechte vorbehalten|tous droits réservés|
        все права защищены"""
    ),
}
# The site's cookies and policies: news reports on them too ("the company's privacy policy
# changed"), so a line naming them is furniture only when it speaks to the reader ("we use
# cookies", "you agree to our ..."), names them as a link does ("Privacy Policy"), or is short.
_SITE_POLICY_PHRASES: dict[str, tuple[str, ...]] = {
    "cookie-notice": _alternatives(
        """uses cookies|use cookies|use of cookies|cookie policy|cookie settings|
        privacy overview|accept cookies|cookie information"""
    ),
    "copyright": _alternatives(
        """privacy policy|terms of use|terms of service|terms and conditions"""
    ),
}
_TO_THE_READER = re.compile(
    r"\b(?:we|us|our|you|your|this (?:web)?site|i agree|by (?:clicking|checking|continuing))\b",
    re.IGNORECASE,
)
_POLICY_LINK = re.compile(
    r"\b(?:Privacy|Terms|Cookie) (?i:policy|overview|of use|of service|and conditions|settings"
    r"|information)\b"
)
# No notice or footer runs longer than this: a longer line is text, whatever it names.
NOTICE_MAX_WORDS = 150


def _phrase_pattern(phrases: dict[str, tuple[str, ...]]) -> tuple[re.Pattern[str], dict[str, str]]:
    reasons = {p: reason for reason, ps in phrases.items() for p in ps}
    alternation = "|".join(re.escape(p) for p in sorted(reasons, key=len, reverse=True))
    return re.compile(rf"(?:^|\s)({alternation})(?:\s|$)"), reasons


_SHORT_LINE_PATTERN, _SHORT_LINE_REASON = _phrase_pattern(_SHORT_LINE_PHRASES)
_ANY_LINE_PATTERN, _ANY_LINE_REASON = _phrase_pattern(_ANY_LINE_PHRASES)
_SITE_POLICY_PATTERN, _SITE_POLICY_REASON = _phrase_pattern(_SITE_POLICY_PHRASES)
# View counters, reading times and font-size buttons: "16 views", "5 min read", "+A -A".
_COUNTER = re.compile(
    r"^(?:[\d.,]+[km]?\s*(?:views?|reads?|shares?|likes?|comments?|min(?:ute)?s?\s+read)"
    r"|[+-]?\s*a\s*[+-]?\s*a\s*[+-]?"
    r"|(?:reading time|lesezeit|tempo de leitura|tiempo de lectura)\b.*)$",
    re.IGNORECASE,
)
# "Read more: ...", "SEE MORE: ...", "DON'T MISS: ...": links set into the article.
_LINK_PREFIX = re.compile(
    r"^[\[(]?\s*(?:read more|read next|read also|also read|see more|see also|more|related"
    r"|don'?t miss|watch|listen|recommended|more on this)\s*[:|»›>-]",
    re.IGNORECASE,
)
# Photo captions and credits: "(Image: GETTY)", "(AP Photo/Jane Doe)", "Photo: Jane Doe".
_CAPTION = re.compile(
    r"(?:\((?:image|photo|picture|foto|credit|source)s?\s*(?:credit)?\s*[:/][^)]*\)\s*$"
    r"|\(ap photo[^)]*\)\s*$|^(?:image|photo|picture|photograph|foto)\s*(?:credit|caption)?\s*:"
    r"|^image (?:caption|copyright)\b)",
    re.IGNORECASE,
)
# Headings of lists of other articles: "More Great WIRED Stories", "More in Politics".
_MORE_HEADING = re.compile(
    r"^(?:more|other|latest|top|popular|related|recommended|trending)\b.{0,40}"
    r"\b(?:stories|articles|news|posts|videos|reads)$|^more (?:in|from|on|about) ",
    re.IGNORECASE,
)
# Calls to action, however long the line: "Subscribe to X and stay smart...".
_CALL_TO_ACTION = re.compile(
    r"\b(?:subscribe|sign up|newsletter|click here|follow us|download (?:the|our) app)\b",
    re.IGNORECASE,
)
CALL_TO_ACTION_MAX_WORDS = 40
# "1) Lego Star Wars...", "2. Preheat the oven", "3 Kevin Harvick 5033": a numbered item.
_NUMBERED_ITEM = re.compile(r"^(\d{1,3})(?:[.)]|\s)\s*\S")
# Furniture that closes the article (comments, related lists, the page footer): the body
# does not run on across it. Anything else (share buttons, ads, captions) only interrupts.
_SECTION_ENDS = frozenset(
    {"comments", "comment-form", "related", "author-bio", "cookie-notice", "copyright"}
)
# Comments come after the article, always: however long the thread, it is not the body.
_COMMENT_SECTION = frozenset({"comments", "comment-form"})


def _capitalised_share(text: str) -> float:
    """Share of the words that start with a capital, among words of a cased script."""
    initials = [w[0] for w in text.split() if w[0].isalpha() and w[0].lower() != w[0].upper()]
    return sum(c.isupper() for c in initials) / len(initials) if initials else 0.0


@dataclass(frozen=True)
class Line:
    """One non-blank line of the text at [start, end): `text` is the line stripped (for
    hard-wrapped text, the paragraph's lines joined by spaces)."""

    start: int
    end: int
    text: str
    words: int

    @cached_property
    def is_prose(self) -> bool:
        if _capitalised_share(self.text) > MAX_CAPITALISED_SHARE:  # menus, headlines
            return False
        return (
            self.words >= PROSE_MIN_WORDS and self.text.endswith(_PROSE_END)
        ) or self.words >= LONG_LINE_WORDS


@dataclass(frozen=True)
class PageLayout:
    """The lines of a page, where its body is, and why each other line is furniture."""

    lines: list[Line]
    body_start: int
    """Index in `lines` of the first body line."""
    body_end: int
    """Index in `lines` just past the last body line."""
    reasons: dict[int, str]
    """Line index -> why the line is not article body; body lines are absent."""


def count_words(text: str) -> int:
    """Words as the benchmark counts them, with each CJK character worth half a word."""
    return len(WORD.findall(text)) + len(_CJK.findall(text)) // 2


def split_lines(text: str) -> list[Line]:
    """The non-blank lines of `text`, stripped, with their offsets in `text`."""
    lines = []
    position = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            start = position + raw.index(stripped[0])
            lines.append(Line(start, start + len(stripped), stripped, count_words(stripped)))
        position += len(raw)
    return lines


def _wrap_width(lines: Sequence[Line]) -> int | None:
    """The width the text was hard-wrapped at, or None when lines are paragraphs."""
    lengths = [len(line.text) for line in lines if line.words >= WRAP_MIN_WORDS]
    if len(lengths) < WRAP_MIN_LINES or max(lengths) > WRAP_MAX_WIDTH:
        return None
    width = max(lengths)
    long_lines = [length for length in lengths if length >= width / 2]
    near_width = sum(length >= width - WRAP_SLACK for length in long_lines)
    return width if near_width >= WRAPPED_SHARE * len(long_lines) else None


def join_wrapped(text: str, lines: Sequence[Line]) -> list[Line]:
    """Lines of hard-wrapped text (e-mail, terminals) joined back into paragraphs: a line
    filled up to the wrap width continues on the next line. Other text is left as it is."""
    width = _wrap_width(lines)
    if width is None:
        return list(lines)
    paragraphs: list[list[Line]] = []
    for line in lines:
        last = paragraphs[-1][-1] if paragraphs else None
        if (
            last is not None
            and len(last.text) >= width - WRAP_SLACK
            and text.count("\n", last.end, line.start) == 1
        ):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return [
        Line(
            group[0].start,
            group[-1].end,
            " ".join(line.text for line in group),
            sum(line.words for line in group),
        )
        for group in paragraphs
    ]


def normalise(text: str) -> str:
    """Lower case, digits folded, punctuation dropped: lines that differ only there match."""
    return " ".join(WORD.findall(_DIGITS.sub("0", text.lower())))


def label_reason(line: Line) -> str | None:
    """The reason of a line that is nothing but a furniture label ("Share", "167 comments",
    "Read the full article here") or a counter ("16 views"), or None: such a line is never
    article text, even in a clean text."""
    norm = normalise(line.text)
    label = _DIGITS.sub("", norm).strip() if norm[:1].isdigit() else norm
    if norm in _LABEL_REASON or label in _LABEL_REASON:
        return _LABEL_REASON.get(norm) or _LABEL_REASON[label]
    if _COUNTER.match(line.text):
        return "counter"
    return None


def furniture_reason(line: Line) -> str | None:
    """Why the line is page furniture whatever surrounds it, or None."""
    if reason := label_reason(line):
        return reason
    norm = normalise(line.text)
    if _LINK_PREFIX.match(line.text):
        return "related-link"
    if _CAPTION.search(line.text):
        return "caption"
    if line.words <= FURNITURE_MAX_WORDS and _MORE_HEADING.match(line.text):
        return "related"
    if line.words <= CALL_TO_ACTION_MAX_WORDS and _CALL_TO_ACTION.search(line.text):
        return "promotion"
    if line.text.startswith("©"):
        return "copyright"
    if line.words <= NOTICE_MAX_WORDS and (match := _ANY_LINE_PATTERN.search(norm)):
        return _ANY_LINE_REASON[match.group(1)]
    if line.words <= NOTICE_MAX_WORDS and (match := _SITE_POLICY_PATTERN.search(norm)):
        speaks_as_site = _TO_THE_READER.search(line.text) or _POLICY_LINK.search(line.text)
        if speaks_as_site or line.words <= FURNITURE_MAX_WORDS:
            return _SITE_POLICY_REASON[match.group(1)]
    if line.words <= FURNITURE_MAX_WORDS and (match := _SHORT_LINE_PATTERN.search(norm)):
        return _SHORT_LINE_REASON[match.group(1)]
    return None


def _weight(line: Line, reason: str | None, repeated: bool, strictness: float) -> float:
    if reason in _SECTION_ENDS:
        return -FURNITURE_PENALTY
    if repeated:
        if line.is_prose:
            return -float(line.words)
        return -(REPEATED_LINE_PENALTY + SHORT_LINE_PENALTY_PER_WORD * line.words) * strictness
    if line.is_prose and reason is None:
        return float(line.words)
    return -(SHORT_LINE_PENALTY + SHORT_LINE_PENALTY_PER_WORD * line.words) * strictness


def _numbered_list(lines: Sequence[Line]) -> set[int]:
    """Indices of the lines of numbered lists ("1) ...", "2. ...", ranking tables), with the
    lines set between their items: articles number their lists, menus do not."""
    listed: set[int] = set()
    run: list[int] = []
    last_number = -1
    for index, line in enumerate(lines):
        match = _NUMBERED_ITEM.match(line.text)
        if match is None:
            continue
        number = int(match.group(1))
        if not (run and number == last_number + 1 and index - run[-1] <= LIST_ITEM_GAP):
            if len(run) >= LIST_MIN_ITEMS:
                listed.update(range(run[0], run[-1] + 1))
            run = []
        run.append(index)
        last_number = number
    if len(run) >= LIST_MIN_ITEMS:
        listed.update(range(run[0], run[-1] + 1))
    return listed


def best_segment(weights: Sequence[float]) -> tuple[int, int, float]:
    """The contiguous stretch with the largest sum (Kadane): (start, end, sum)."""
    best, best_start, best_end = 0.0, 0, 0
    running, start = 0.0, 0
    for i, weight in enumerate(weights):
        if running <= 0:
            running, start = 0.0, i
        running += weight
        if running > best:
            best, best_start, best_end = running, start, i + 1
    return best_start, best_end, best


def _first_section(
    weights: Sequence[float], furniture: Sequence[str | None], start: int, end: int
) -> tuple[int, int]:
    """The body up to the first comment section once it holds an article's worth of text:
    a long thread of prose-like comments must not win the body over the article above it."""
    section_start = start
    for i in range(start, end + 1):
        if i == end or furniture[i] in _COMMENT_SECTION:
            s, e, total = best_segment(weights[section_start:i])
            if total >= ARTICLE_WEIGHT:
                return section_start + s, section_start + e
            section_start = i + 1
    return start, end


def _repeated(lines: Iterable[Line]) -> list[bool]:
    normalised = [normalise(line.text) for line in lines]
    counts = Counter(normalised)
    return [counts[n] > 1 for n in normalised]


def page_layout(text: str) -> PageLayout:
    """Where the article body is in `text`, and what every other line is."""
    lines = join_wrapped(text, split_lines(text))
    furniture = [furniture_reason(line) for line in lines]
    repeated = _repeated(lines)
    listed = _numbered_list(lines)
    start = end = 0
    for strictness in _RELAXATION:
        weights = [
            _weight(line, reason, rep, strictness)
            for line, reason, rep in zip(lines, furniture, repeated, strict=True)
        ]
        for i in listed:  # list items count as half-length prose
            if furniture[i] not in _SECTION_ENDS:
                weights[i] = max(weights[i], LIST_ITEM_SHARE * lines[i].words)
        start, end, total = best_segment(weights)
        if total >= MIN_BODY_WEIGHT:
            break
    if end <= start:  # nothing reads as prose (a list, a line or two): keep it all
        start, end = 0, len(lines)
    else:
        start, end = _first_section(weights, furniture, start, end)
    reasons: dict[int, str] = {}
    for i, reason in enumerate(furniture):
        if not start <= i < end:
            reasons[i] = reason or ("header" if i < start else "footer")
        elif reason is not None:
            reasons[i] = reason
    return PageLayout(lines, start, end, reasons)
