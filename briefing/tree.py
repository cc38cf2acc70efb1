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
    badge: str | None = None  # a featured item's tag, drawn beside the heading (never part of its text)


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
    columns: int = 3  # the widest row
    rows: list[int] | None = None  # cards per row, top first (balanced: layout/flow.py); None: `columns` a row

    def row_sizes(self) -> list[int]:
        """Return how many cards stand in each row, top first."""
        if self.rows:
            return list(self.rows)
        n, c = len(self.cards), max(1, self.columns)
        return [min(c, n - i) for i in range(0, n, c)]


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


@dataclass
class Letter:
    """A welcome letter: greeting, body paragraphs, and the signature block at its foot.

    `name` is who signs (the edition's signatory, or "" for the issuer: the
    renderer signs with the brand's name); `title` is their office.
    """

    heading: str
    body: list[Inline]
    greeting: str | None = None
    name: str = ""
    title: str | None = None
    closing: str | None = None  # "此致" / "With kind regards"
    translation: Letter | None = None


@dataclass
class BackCover:
    """The last page: issuer, portal, contacts, the date of the content, where the figures come from, disclaimer.

    The issuer's name, logo and the disclaimer come from the brand (renderers
    read them); everything else from the content, and is absent when it is.
    """

    lang: str
    as_of: str  # "资料截至2023年5月" / "Content as of May 2023"
    sources: str  # "资料来源：第 {page} 页" / "Sources: page {page}", {page} the page of `sources_anchor`
    sources_anchor: str = "sources"
    portal: Chart | None = None
    portal_label: str | None = None
    contacts: list[str] = field(default_factory=list)  # one line per contact
    contacts_label: str | None = None
    translation: BackCover | None = None


@dataclass
class NotesPage:
    """A ruled page for the reader's notes: pads a document to an even page count (or a multiple of four)."""

    title: str
    translation: str | None = None


Block = (Cover | TableOfContents | Heading | Paragraph | BulletList | FigureGrid | Table | Chart | PageBreak | Letter
         | BackCover | NotesPage)


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
    translation_running_title: str | None = None  # the bilingual edition's header in its second language
    notes_title: str = "Notes"  # the title of a padding page (NotesPage), in the document's language(s)
