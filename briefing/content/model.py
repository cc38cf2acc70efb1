"""The content model: typed, bilingual, and ignorant of pages and files."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping

SUPPORTED_LANGUAGES = ("zh", "en")


@dataclass(frozen=True)
class Text:
    """One text in every language of its file; `path` says where it stands."""

    values: Mapping[str, str]
    path: str = ""

    def __getitem__(self, lang: str) -> str:
        return self.values[lang]


@dataclass(frozen=True)
class Change:
    value: float
    unit: str = "percent"
    basis: str | None = None  # yoy | qoq | cagr


@dataclass
class Metric:
    id: str
    label: Text
    value: float | None = None  # None when the figure is a statement without a number (`text`)
    unit: str | Text | None = None  # currency code, percent, count, rank, or a Text naming the unit
    qualifier: str | None = None  # over | nearly | about | top
    change: Change | None = None
    period: str | None = None
    source: str | None = None
    text: Text | None = None  # extension: a figure-like statement without a number (半壁江山), printed as written
    path: str = ""


@dataclass
class Item:
    id: str
    name: Text
    summary: Text | None = None
    metrics: list[Metric] = field(default_factory=list)
    highlights: list[Text] = field(default_factory=list)
    companies: list[Text] = field(default_factory=list)
    mode: str | None = None  # transport links only
    status: str | None = None
    opens: str | None = None
    reaches: list[Text] = field(default_factory=list)  # transport links only: the places a link reaches
    path: str = ""


@dataclass
class Section:
    """A chapter of content: the four fixed ones and any further `sections`."""

    id: str
    summary: Text
    title: Text | None = None  # the fixed sections take their title from the layout
    items: list[Item] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    highlights: list[Text] = field(default_factory=list)
    path: str = ""


@dataclass
class Source:
    id: str
    title: Text
    date: str
    publisher: Text | None = None
    url: str | None = None
    path: str = ""


@dataclass
class Contact:
    name: Text
    organisation: Text
    phone: str | None = None
    email: str | None = None
    address: Text | None = None
    url: str | None = None
    path: str = ""


@dataclass
class GlossaryEntry:
    """One term of a region's glossary: the Chinese term and its one English rendering."""

    zh: str
    en: str
    path: str = ""


FIXED_SECTIONS = ("industries", "transport", "open_economy", "business_environment")


@dataclass
class Region:
    id: str
    languages: list[str]
    as_of: str
    sources: list[Source]
    name: Text
    summary: Text
    key_figures: list[Metric]
    industries: Section
    transport: Section
    open_economy: Section
    business_environment: Section
    tagline: Text | None = None
    sections: list[Section] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    portal: str | None = None  # the region's investment portal (a URL), printed as a QR code
    glossary: list[GlossaryEntry] = field(default_factory=list)  # extension: terms and their one rendering
    file: Path | None = None

    def chapters(self) -> list[Section]:
        """Return the content sections in the region file's order."""
        return [self.industries, self.transport, self.open_economy, self.business_environment, *self.sections]

    def section(self, section_id: str) -> Section | None:
        """Return the section named `section_id` (as editions name it), if any."""
        for sec in self.chapters():
            if sec.id == section_id:
                return sec
        return None

    def metrics(self) -> Iterator[Metric]:
        """Yield every metric of the region, wherever it stands."""
        yield from self.key_figures
        for sec in self.chapters():
            yield from sec.metrics
            for item in sec.items:
                yield from item.metrics

    def texts(self) -> Iterator[Text]:
        """Yield every text of the region, for checks such as glyph coverage."""
        yield self.name
        if self.tagline:
            yield self.tagline
        yield self.summary
        for src in self.sources:
            yield src.title
            if src.publisher:
                yield src.publisher
        for sec in self.chapters():
            if sec.title:
                yield sec.title
            yield sec.summary
            yield from sec.highlights
            for item in sec.items:
                yield item.name
                if item.summary:
                    yield item.summary
                yield from item.highlights
                yield from item.companies
                yield from item.reaches
        for metric in self.metrics():
            yield metric.label
            if metric.text:
                yield metric.text
            if isinstance(metric.unit, Text):
                yield metric.unit
        for contact in self.contacts:
            yield contact.name
            yield contact.organisation
            if contact.address:
                yield contact.address


@dataclass
class Signatory:
    """Who signs an edition's welcome message: a name and a title, each in every language."""

    name: Text
    title: Text
    path: str = ""


@dataclass
class Edition:
    id: str
    region_file: Path
    audience: Text
    date: str
    sections: list[str]
    languages: list[str] | None = None
    focus: list[str] = field(default_factory=list)
    message: Text | None = None
    greeting: Text | None = None  # extension: the salutation that opens the welcome message
    signatory: Signatory | None = None  # extension: who signs the welcome message
    file: Path | None = None
    region: Region | None = None

    def texts(self) -> Iterator[Text]:
        """Yield the edition's own texts, for checks."""
        yield self.audience
        for text in (self.greeting, self.message):
            if text is not None:
                yield text
        if self.signatory:
            yield self.signatory.name
            yield self.signatory.title
