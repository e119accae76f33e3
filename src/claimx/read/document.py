"""An input document as read, before any NLP: the unit that flows through claimx."""

from __future__ import annotations

from dataclasses import dataclass, field

from claimx.records.article import BoilerplateRange, RecordError, Source


@dataclass
class InputDocument:
    """One article: its text exactly as decoded, and what the input says about it.

    `text` is never altered: every offset claimx reports indexes it. Fields the input states
    (a JSONL `title`, `published`...) win over what cleaning finds in the text.
    """

    id: str
    text: str
    source: Source
    title: str | None = None
    published: str | None = None
    url: str | None = None
    outlet: str | None = None
    byline: str | None = None
    dateline: str | None = None
    reference_date: str | None = None
    boilerplate: list[BoilerplateRange] = field(default_factory=list)
    error: RecordError | None = None

    def body_text(self) -> str:
        """The text with boilerplate blanked out, same length, so offsets are unchanged.

        Newlines stay, so paragraph and line structure survives for the parser.
        """
        if not self.boilerplate:
            return self.text
        chars = list(self.text)
        for bp in self.boilerplate:
            for i in range(bp.start, min(bp.end, len(chars))):
                if chars[i] not in "\r\n":
                    chars[i] = " "
        return "".join(chars)
