"""An HTML report a person checks records against: each article's text with its findings marked.

One self-contained file: inline CSS and script, no network (a Content-Security-Policy forbids
any request), no external font. The page lists the articles; an article's body is rendered by
the page's script, from a JSON block, only when it is opened, so a report of hundreds of articles
opens at once. Everything from an input is escaped: HTML text through `html.escape`, JSON blocks
with `<`, `>` and `&` as \\u escapes (no `</script>` can close them), and the script builds the
body with text nodes only.

Marks may overlap (a date inside a claim inside a quote): the text is cut at every mark boundary
into segments, each carrying the marks that cover it (`segments`), in O(n log n) for n marks
plus the text's length.
"""

from __future__ import annotations

import difflib
import html
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from itertools import pairwise
from typing import IO, Any

from claimx.records.article import ArticleRecord
from claimx.records.comparison import ClaimGroup, Comparison, Conflict, QuoteGroup

__all__ = [
    "article_payload",
    "json_block",
    "segments",
    "word_diff",
    "write_comparison_html",
    "write_html",
]

# Golden-angle hues: neighbouring speakers get colours far apart on the wheel.
HUE_STEP = 137.508
# Articles opened (rendered) as the page loads when there are no more than this.
OPEN_AT_MOST = 10
CLIP = 160

_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; form-action 'none'; base-uri 'none'"
)


def _asset(name: str) -> str:
    return (resources.files("claimx.output") / "report_assets" / name).read_text(encoding="utf-8")


def _e(value: object) -> str:
    """Any value as HTML text or attribute content."""
    return html.escape("" if value is None else str(value), quote=True)


def json_block(value: Any) -> str:
    """`value` as JSON that is safe inside `<script type="application/json">`."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _clip(text: str, limit: int = CLIP) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def segments(length: int, spans: Sequence[tuple[int, int]]) -> list[tuple[int, int, list[int]]]:
    """The stretches of a text of `length` that some span covers, with the spans covering each.

    Every span boundary starts a new segment, so overlapping and nested spans come out as
    non-overlapping segments; each lists the indices of its spans in increasing order. Spans
    are clipped to the text; empty ones are left out.
    """
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for i, (first, last) in enumerate(spans):
        start, end = max(0, first), min(length, last)
        if start < end:
            starts.setdefault(start, []).append(i)
            ends.setdefault(end, []).append(i)
    bounds = sorted(starts.keys() | ends.keys())
    active: set[int] = set()
    out: list[tuple[int, int, list[int]]] = []
    for here, there in pairwise(bounds):
        active.difference_update(ends.get(here, ()))
        active.update(starts.get(here, ()))
        if active:
            out.append((here, there, sorted(active)))
    return out


def _utf16_offsets(text: str) -> list[int] | None:
    """Where each code point offset of `text` falls in UTF-16 code units (JavaScript's string
    indices), or None when they are the same (no character outside the BMP)."""
    if text.isascii() or all(ord(ch) <= 0xFFFF for ch in text):
        return None
    offsets = [0] * (len(text) + 1)
    units = 0
    for i, ch in enumerate(text):
        offsets[i] = units
        units += 2 if ord(ch) > 0xFFFF else 1
    offsets[len(text)] = units
    return offsets


@dataclass
class _Mark:
    kind: str  # q (quote), cue, spk (speaker), ent, date, claim, bp (boilerplate)
    start: int
    end: int
    hue: float | None
    tip: str


def _speaker_key(record: ArticleRecord, quote_index: int) -> str:
    speaker = record.quotes[quote_index].speaker
    if speaker is None:
        return "(no speaker found)"
    return speaker.entity or speaker.text


def _claimant(record: ArticleRecord, claim_index: int) -> str:
    claimant = record.claims[claim_index].claimant
    if claimant.name:
        return claimant.name
    if claimant.kind == "outlet":
        return "the outlet"
    if claimant.quote is not None and claimant.quote < len(record.quotes):
        speaker = record.quotes[claimant.quote].speaker
        if speaker is not None:
            return speaker.text
    return "unknown"


def _meta(record: ArticleRecord) -> list[list[str]]:
    facts = [
        ("source", record.source.path + (f":{record.source.line}" if record.source.line else "")),
        ("outlet", record.outlet),
        ("published", record.published),
        ("reference date", record.reference_date),
        ("dateline", record.dateline),
        ("byline", record.byline),
        ("url", record.url),
        ("words", str(record.words)),
    ]
    return [[name, value] for name, value in facts if value]


def article_payload(record: ArticleRecord, index: int) -> dict[str, Any]:
    """What the page's script needs to render one article: text, marks, segments, side lists."""
    marks: list[_Mark] = []
    hues: dict[str, float] = {}
    for i in range(len(record.quotes)):
        hues.setdefault(_speaker_key(record, i), round(len(hues) * HUE_STEP % 360, 1))
    for bp in record.boilerplate:
        marks.append(_Mark("bp", bp.start, bp.end, None, f"Boilerplate ({bp.reason})"))
    entity_marks: list[int] = []  # each entity's first mention
    for entity in record.entities:
        entity_marks.append(len(marks))
        for mention in sorted(entity.mentions, key=lambda m: m.start):
            tip = f"Entity: {entity.name} ({entity.label})"
            marks.append(_Mark("ent", mention.start, mention.end, None, tip))
    quote_marks: list[int] = []
    for i, quote in enumerate(record.quotes):
        hue = hues[_speaker_key(record, i)]
        speaker = quote.speaker
        who = "no speaker found"
        if speaker is not None:
            who = speaker.entity or f"“{speaker.text}” (no entity)"
        quote_marks.append(len(marks))
        marks.append(
            _Mark("q", quote.start, quote.end, hue, f"Quote ({quote.kind}) · speaker: {who} · "
                  f"cue: “{quote.cue.text}”")
        )  # fmt: skip
        marks.append(_Mark("cue", quote.cue.start, quote.cue.end, hue, f"Cue of a quote by {who}"))
        if speaker is not None:
            refers = speaker.entity or "anonymous: no entity"
            tip = f"Speaker “{speaker.text}” → {refers}"
            marks.append(_Mark("spk", speaker.start, speaker.end, hue, tip))
    date_marks: list[int] = []
    for date in record.dates:
        value = date.value or "unresolved"
        if date.mod:
            value += f" ({date.mod})"
        date_marks.append(len(marks))
        marks.append(_Mark("date", date.start, date.end, None, f"Date ({date.type}): {value}"))
    claim_marks: list[int] = []
    for i, claim in enumerate(record.claims):
        tip = (
            f"Claim · claimant: {_claimant(record, i)} ({claim.claimant.kind}) · "
            f"modality: {claim.modality}{' (negated)' if claim.negated else ''} · "
            f"check-worthiness {claim.checkworthiness:.2f}"
        )
        claim_marks.append(len(marks))
        marks.append(_Mark("claim", claim.start, claim.end, None, tip))
    # Outer marks first: a segment lists its marks outermost first, so inner colours win.
    order = sorted(range(len(marks)), key=lambda m: (-(marks[m].end - marks[m].start), m))
    new = {old: n for n, old in enumerate(order)}
    ordered = [marks[m] for m in order]
    text = record.text
    payload: dict[str, Any] = {
        "i": index,
        "id": record.id,
        "title": record.title,
        "meta": _meta(record),
        "error": f"{record.error.type}: {record.error.message}" if record.error else None,
        "text": text,
        "marks": [[m.kind, m.start, m.end, m.hue, m.tip] for m in ordered],
        "segs": segments(len(text), [(m.start, m.end) for m in ordered]) if text else [],
    }
    # The script slices the text by UTF-16 units; the marks keep the records' offsets.
    units = _utf16_offsets(text) if text else None
    if units is not None:
        payload["segs"] = [(units[s], units[e], marks) for s, e, marks in payload["segs"]]
    by_speaker: dict[str, list[list[Any]]] = {}
    for i, quote in enumerate(record.quotes):
        item = [new[quote_marks[i]], quote.kind, quote.cue.text, _clip(quote.quoted_text)]
        by_speaker.setdefault(_speaker_key(record, i), []).append(item)
    payload["quotes"] = [[key, hues[key], items] for key, items in by_speaker.items()]
    payload["claims"] = [
        [new[claim_marks[i]], c.checkworthiness, c.modality, _claimant(record, i), _clip(c.text)]
        for i, c in sorted(enumerate(record.claims), key=lambda ic: -ic[1].checkworthiness)
    ]
    payload["dates"] = [
        [new[date_marks[i]], d.text, d.value or "?", d.type] for i, d in enumerate(record.dates)
    ]
    ents = sorted(enumerate(record.entities), key=lambda ie: -len(ie[1].mentions))
    payload["entities"] = [
        [new[entity_marks[i]] if e.mentions else None, e.name, e.label, len(e.mentions)]
        for i, e in ents
    ]
    return payload


def _count(n: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{n} {noun if n == 1 else plural}"


def _article_block(record: ArticleRecord, index: int) -> str:
    """The index entry of one article (a <details>), its body left to the script."""
    title = record.title or record.id
    shown_id = f'<span class="aid">{_e(record.id)}</span> ' if record.title else ""
    counts = " · ".join(
        _count(len(items), noun)
        for items, noun in (
            (record.quotes, "quote"),
            (record.claims, "claim"),
            (record.entities, "entity"),
            (record.dates, "date"),
        )
    )
    if record.error is not None:
        counts = f"error: {record.error.type}"
    data = json_block(article_payload(record, index))
    return (
        f'<details class="art" id="a{index}" data-i="{index}"'
        f"{' data-error' if record.error else ''}>"
        f'<summary><span class="n">{index + 1}</span> <span class="t">{_e(title)}</span> '
        f'{shown_id}<span class="cnt">{_e(counts)}</span>'
        f'</summary><div class="body"></div>'
        f'<script type="application/json" class="data">{data}</script></details>\n'
    )


def _head(title: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # Marks the page as claimx's output, so a later run never reads it as an article.
        '<meta name="generator" content="claimx">'
        f"<title>{_e(title)}</title><style>{_asset('report.css')}</style></head>\n<body>\n"
    )


_LEGEND = (
    '<p class="legend">Marks: <span class="m-q" style="--h:200">quote</span> '
    '(one colour per speaker) <span class="m-cue" style="--h:200">cue</span> '
    '<span class="m-spk" style="--h:200">speaker</span> <span class="m-ent">entity</span> '
    '<span class="m-date">date</span> <span class="m-claim">claim</span> '
    '<span class="m-bp">boilerplate</span>. Hover or focus (Tab) a mark for its record.</p>'
)


def _toolbar() -> str:
    return (
        '<div class="bar"><input type="search" id="filter" placeholder="Filter articles" '
        'aria-label="Filter articles"> <button type="button" id="openall">Open all</button> '
        '<button type="button" id="closeall">Close all</button> <span id="shown"></span></div>'
    )


def _tail() -> str:
    return (
        '<div id="tip" role="tooltip" hidden></div>\n'
        f"<script>const OPEN_AT_MOST = {OPEN_AT_MOST};\n{_asset('report.js')}</script>\n"
        "</body></html>\n"
    )


def write_html(records: Iterable[ArticleRecord], stream: IO[str]) -> Iterator[ArticleRecord]:
    """The report of `records`, each written (and yielded) as it arrives."""
    stream.write(_head("claimx report"))
    stream.write(
        '<header><h1>claimx report</h1><p id="summary"></p>' + _LEGEND + _toolbar() + "</header>\n"
    )
    stream.write('<main id="articles">\n')
    stream.flush()
    for index, record in enumerate(records):
        stream.write(_article_block(record, index))
        stream.flush()
        yield record
    stream.write("</main>\n" + _tail())
    stream.flush()


# --- compare -----------------------------------------------------------------------------


def word_diff(text: str, others: Sequence[str]) -> list[tuple[str, bool]]:
    """`text` cut into words (with the spaces after them), each flagged when some wording in
    `others` lacks it at that place."""
    words = text.split(" ")
    pieces = [w + (" " if i < len(words) - 1 else "") for i, w in enumerate(words)]
    keys = ["".join(ch for ch in w.lower() if ch.isalnum()) for w in words]
    differs = [False] * len(words)
    for other in others:
        other_keys = ["".join(ch for ch in w.lower() if ch.isalnum()) for w in other.split(" ")]
        matcher = difflib.SequenceMatcher(None, keys, other_keys, autojunk=False)
        same = [False] * len(words)
        for block in matcher.get_matching_blocks():
            for i in range(block.a, block.a + block.size):
                same[i] = True
        differs = [d or not s for d, s in zip(differs, same, strict=True)]
    return [
        (piece, flag and bool(key)) for piece, flag, key in zip(pieces, differs, keys, strict=True)
    ]


class _Articles:
    def __init__(self, comparison: Comparison, records: Sequence[ArticleRecord]) -> None:
        self.number = {a.id: i for i, a in reversed(list(enumerate(comparison.articles)))}
        self.view = {r.id: i for i, r in reversed(list(enumerate(records)))}
        self.titles = {a.id: a.title for a in comparison.articles}

    def label(self, article: str) -> str:
        return f"[{self.number.get(article, -1) + 1}]"

    def link(self, article: str, start: int, end: int, text: str | None = None) -> str:
        """A link to the article's view, at `start`-`end`, or the article's label alone."""
        shown = _e(text if text is not None else self.label(article))
        index = self.view.get(article)
        if index is None:
            return f'<span class="alabel" title="{_e(article)}">{shown}</span>'
        return (
            f'<a class="goto" href="#a{index}" data-a="{index}" data-s="{start}" data-e="{end}" '
            f'title="{_e(article)}">{shown}</a>'
        )


def _claims_section(groups: list[ClaimGroup], articles: _Articles, total: int) -> str:
    out = [f'<section id="shared"><h2>Claims in several articles ({len(groups)})</h2>']
    if not groups:
        out.append('<p class="none">No claim appears in more than one article.</p>')
    for group in groups:
        out.append(
            f'<div class="group"><p class="claim"><span class="badge">{group.count}/{total}</span> '
            f"{_e(group.claim)}</p>"
        )
        if group.credited:
            out.append(f'<p class="credited">credited: {_e(", ".join(group.credited))}</p>')
        out.append('<ul class="wordings">')
        for w in group.wordings:
            out.append(
                f'<li>{articles.link(w.article, w.start, w.end)} <span class="aid">'
                f"{_e(w.article)}</span> {_e(w.text)}</li>"
            )
        out.append("</ul></div>")
    out.append("</section>")
    return "".join(out)


def _quotes_section(groups: list[QuoteGroup], articles: _Articles) -> str:
    out = [f'<section id="quotes"><h2>Quotes in several articles ({len(groups)})</h2>']
    if not groups:
        out.append('<p class="none">No quote appears in more than one article.</p>')
    for group in groups:
        alike = "worded alike" if group.same_wording else "worded differently"
        out.append(
            f'<div class="group"><p><b>{_e(group.speaker or "unknown speaker")}</b> '
            f'<span class="badge {"alike" if group.same_wording else "differ"}">{alike}</span></p>'
            '<div class="sbs">'
        )
        texts = [w.quoted_text for w in group.wordings]
        for i, w in enumerate(group.wordings):
            others = texts[:i] + texts[i + 1 :]
            words = "".join(
                f'<mark class="diff">{_e(p)}</mark>' if flag else _e(p)
                for p, flag in word_diff(" ".join(texts[i].split()), others)
            )
            out.append(
                f'<div class="wording"><p class="who">{articles.link(w.article, w.start, w.end)} '
                f'<span class="aid">{_e(w.article)}</span> ({_e(w.kind)}'
                f"{', ' + _e(w.speaker) if w.speaker else ''})</p><p>{words}</p></div>"
            )
        out.append("</div></div>")
    out.append("</section>")
    return "".join(out)


def _context(record: ArticleRecord | None, start: int, end: int, value: str) -> str:
    """The wording in its sentence's neighbourhood, the wording in bold."""
    if record is None or record.text is None or not 0 <= start <= end <= len(record.text):
        return ""
    text = record.text
    before = " ".join(text[max(0, start - 80) : start].split())
    after = " ".join(text[end : end + 80].split())
    return (
        f'<span class="ctx">…{_e(before)} <b>{_e(" ".join(text[start:end].split()))}</b> '
        f"{_e(after)}…</span>"
    )


def _conflicts_section(
    conflicts: list[Conflict], articles: _Articles, records: dict[str, ArticleRecord]
) -> str:
    out = [f'<section id="conflicts"><h2>Conflicts ({len(conflicts)})</h2>']
    if not conflicts:
        out.append('<p class="none">No conflicting facts found.</p>')
    for conflict in conflicts:
        out.append(
            f'<div class="group"><p><span class="badge differ">{_e(conflict.kind)}</span> '
            f"<b>{_e(conflict.about)}</b></p>"
        )
        if conflict.differing:
            differing = _e(", ".join(conflict.differing))
            out.append(f'<p class="credited">not in every list: {differing}</p>')
        out.append('<table class="values"><tr><th>article</th><th>value</th><th>where</th></tr>')
        for v in conflict.values:
            where = _context(records.get(v.article), v.start, v.end, v.value) or _e(v.text)
            out.append(
                f'<tr><td>{articles.link(v.article, v.start, v.end)} <span class="aid">'
                f'{_e(v.article)}</span></td><td class="value">{_e(v.value)}</td>'
                f"<td>{where}</td></tr>"
            )
        out.append("</table></div>")
    out.append("</section>")
    return "".join(out)


def _singles_section(comparison: Comparison, articles: _Articles) -> str:
    singles = [g for g in comparison.claims if g.count == 1]
    out = [
        f'<section id="singles"><details><summary><h2>Claims in one article only ({len(singles)})'
        "</h2></summary><ul>"
    ]
    for group in sorted(singles, key=lambda g: -g.checkworthiness):
        w = group.wordings[0]
        out.append(
            f'<li><span class="score">{group.checkworthiness:.2f}</span> '
            f"{articles.link(w.article, w.start, w.end)} {_e(group.claim)}</li>"
        )
    out.append("</ul></details></section>")
    return "".join(out)


def write_comparison_html(
    comparison: Comparison, records: Sequence[ArticleRecord], stream: IO[str]
) -> None:
    """The comparison, then every article's view (from `records`) for its links to open."""
    articles = _Articles(comparison, records)
    by_id: dict[str, ArticleRecord] = {}
    for record in records:
        by_id.setdefault(record.id, record)
    usable = [a for a in comparison.articles if a.claims or a.quotes]
    shared = [g for g in comparison.claims if g.count > 1]
    quotes = [g for g in comparison.quotes if g.count > 1]
    stream.write(_head("claimx comparison"))
    stream.write(
        f"<header><h1>claimx comparison</h1><p>{len(comparison.articles)} articles compared · "
        f"matcher: {_e(comparison.matcher)} · {len(shared)} shared claims · {len(quotes)} "
        f"shared quotes · {len(comparison.conflicts)} conflicts</p>"
        '<nav><a href="#shared">shared claims</a> · <a href="#quotes">quotes</a> · '
        '<a href="#conflicts">conflicts</a> · <a href="#singles">single claims</a> · '
        '<a href="#articles">articles</a></nav></header>\n'
    )
    stream.write('<div class="compare">')
    stream.write('<section id="legend"><h2>Articles</h2><ol>')
    for a in comparison.articles:
        stream.write(
            f"<li>{articles.link(a.id, 0, 0, a.id)} <i>{_e(a.title or '')}</i> "
            f'<span class="cnt">({a.claims} claims, {a.quotes} quotes)</span></li>'
        )
    stream.write("</ol></section>\n")
    stream.write(_claims_section(shared, articles, len(usable) or len(comparison.articles)) + "\n")
    stream.write(_quotes_section(quotes, articles) + "\n")
    stream.write(_conflicts_section(comparison.conflicts, articles, by_id) + "\n")
    stream.write(_singles_section(comparison, articles) + "\n")
    stream.write(
        "</div>\n<h2>Articles</h2>"
        + _LEGEND
        + _toolbar()
        + '\n<main id="articles" data-open-at-most="0">\n'
    )
    for index, record in enumerate(records):
        stream.write(_article_block(record, index))
    stream.write("</main>\n" + _tail())
    stream.flush()
