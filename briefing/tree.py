"""The format-neutral document tree that layout produces and renderers consume.

Blocks carry semantic style names ("Heading 1", "Body Text", ...); the renderer
decides how each style looks. Nothing here knows about YAML, pages or files.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A piece of inline text; `bold` is the only markup the content format has."""

    text: str
    bold: bool = False
    second: bool = False  # in the bilingual edition's second language (set in that language's faces)


Inline = tuple[Span, ...]


def plain(inline: Inline) -> str:
    """Return the text of an inline sequence without its markup."""
    return "".join(span.text for span in inline)


@dataclass
class Cover:
    """The title page: kicker above the title, tagline below, then facts lines."""

    kicker: str
    title: str
    tagline: str | None
    lines: list[str] = field(default_factory=list)
    translation: Cover | None = None  # the bilingual edition's second language


@dataclass
class TableOfContents:
    title: str
    translation: str | None = None


@dataclass
class Heading:
    level: int  # 1 = chapter (starts a page, bookmarked), 2 = section within it
    text: str
    anchor: str  # unique, [a-z0-9-]; used for links and bookmarks
    translation: str | None = None  # set below the heading in the bilingual edition


@dataclass
class Paragraph:
    text: Inline
    style: str = "Body Text"  # or "Lead", "Caption", "Note"
    translation: Inline | None = None  # follows directly, in a lighter style, on the same page


@dataclass
class BulletList:
    items: list[Inline]
    style: str = "List Bullet"
    translations: list[Inline] | None = None  # one per item, set under it


@dataclass
class FigureCard:
    value: str  # the figure as written in the document's language: "46.3亿元"
    label: str
    change: str | None = None  # "同比增长71.5%" / "up 71.5% year on year"
    direction: int = 0  # +1 up, -1 down, 0 none: drawn as an arrow
    period: str | None = None
    featured: bool = False
    translation: FigureCard | None = None
    number: tuple[int, int] | None = None  # where the digits stand in `value`: set large, the words smaller

    def parts(self) -> tuple[str, str, str]:
        """Return the value as (words before, the number, words after)."""
        if self.number is None:
            return "", self.value, ""
        start, end = self.number
        return self.value[:start], self.value[start:end], self.value[end:]


@dataclass
class FigureGrid:
    cards: list[FigureCard]
    columns: int = 3


@dataclass
class Table:
    """A table with a header row; widths are relative column weights."""

    header: list[str | Inline]  # Inline in the bilingual edition: both languages
    rows: list[list[Inline]]
    widths: list[float]
    caption: str | None = None
    style: str = "Briefing Table"


@dataclass
class Chart:
    """A picture drawn from the data (briefing.charts): vector in the PDF, raster in Word.

    `data` is already in the document's language (labels, figures as written);
    colours and fonts come from the brand. `aspect` is the height the layout asks
    for as a fraction of the width; a drawing grows when its content needs more.
    """

    kind: str  # "bars" | "transport" | "qr"
    data: dict
    caption: str | Inline | None  # printed under the picture, e.g. its source (Inline: both languages)
    alt: str  # the picture described in words (Word's alt text, the PDF's figure text)
    aspect: float = 0.0
    lang: str | None = None  # the language `data` is written in (the layout sets it)
    translation: Chart | None = None  # the bilingual edition: the same chart in the second language, drawn with it


@dataclass
class PageBreak:
    pass


Block = Cover | TableOfContents | Heading | Paragraph | BulletList | FigureGrid | Table | Chart | PageBreak


@dataclass
class Meta:
    title: str
    author: str
    subject: str
    keywords: list[str]
    lang: str  # BCP 47: "zh-CN", "en-GB"
    date: str | None = None  # the content's date ("2023-05", "2023-06-15"): the files' dates (render/stamp.py)


@dataclass
class Document:
    """One briefing in one language (or, later, one bilingual pairing)."""

    lang: str  # "zh" or "en"
    meta: Meta
    running_title: str  # the running header's text
    page_label: str  # "Page {page} of {pages}" with both placeholders
    blocks: list[Block]
    translation_lang: str | None = None  # the bilingual edition's second language
