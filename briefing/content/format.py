"""The content format (version 1), written once: validation, model building, JSON Schema.

This module is the single place that knows ../shared/spec/data-format.md.
Optional extensions beyond the spec are marked "extension".
"""
from __future__ import annotations

from pathlib import Path

import yaml

from briefing.content import model as m
from briefing.content.schema import Date, Enum, Field, ListOf, Num, Obj, OneOf, Str, TextType, join

ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
# local@domain.tld; the domain's labels exclude the dot that separates them, so matching is linear in the text
EMAIL = r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+"
CURRENCIES = ("CNY", "USD", "EUR", "JPY", "HKD", "GBP")  # extension: HKD, GBP
QUALIFIERS = ("over", "nearly", "about", "top")  # extension: top ("前30" / "top 30")
MODES = ("rail", "sea", "river", "air", "road", "metro")
STATUSES = ("operating", "planned", "under-construction")


class Version(Enum):
    """The format version: written `format: 1` (a YAML number) or quoted."""

    def json(self):
        return {"enum": [1, "1"], "description": "The version of the content format"}


VERSION = Version("1")


def _req(t):
    return Field(t, required=True)


def _opt(t):
    return Field(t)


def text(description: str = "") -> TextType:
    return TextType(lambda values, path: m.Text(values, path), description)


def _make(cls, **renames):
    """Return a `make` that builds `cls` from validated fields plus the path."""

    def make(values: dict, path: str):
        kwargs = {renames.get(k, k): v for k, v in values.items()}
        return cls(**kwargs, path=path)

    return make


CHANGE = Obj(
    "change",
    {
        "value": _req(Num()),
        "unit": _opt(Enum("percent", "percentage-points")),
        "basis": _opt(Enum("yoy", "qoq", "cagr", description="year on year, quarter on quarter, average annual")),
    },
    make=lambda v, path: m.Change(v["value"], v.get("unit", "percent"), v.get("basis")),
)

class MetricObj(Obj):
    """A metric: a number (`value` with its `unit`) or, as an extension, a statement without one (`text`)."""

    NUMERIC_ONLY = ("unit", "qualifier", "change")

    def check(self, node, path, ctx, depth):
        before = len(ctx.problems)
        if isinstance(node, yaml.MappingNode):
            keys = {k.value: k for k, _ in node.value if isinstance(k, yaml.ScalarNode)}
            if "value" in keys and "text" in keys:
                ctx.report(keys["text"], join(path, "text"), "give either value (a number) or text (a statement "
                           "without a number, such as 半壁江山), not both")
            elif "value" not in keys and "text" not in keys:
                ctx.report(node, join(path, "value"), "missing required key 'value' (or 'text' for a statement "
                           "without a number)")
            elif "value" in keys and "unit" not in keys:
                ctx.report(node, join(path, "unit"), "missing required key 'unit'")
            elif "text" in keys:
                for key in self.NUMERIC_ONLY:
                    if key in keys:
                        ctx.report(keys[key], join(path, key), f"a figure given as text has no {key}; "
                                   "write the words in text, or give a value instead")
        result = super().check(node, path, ctx, depth)
        return None if len(ctx.problems) > before else result

    def json(self):
        out = super().json()
        numeric = [{"required": [k]} for k in ("value", *self.NUMERIC_ONLY)]
        out["oneOf"] = [
            {"required": ["value", "unit"], "not": {"required": ["text"]}},
            {"required": ["text"], "not": {"anyOf": numeric}},
        ]
        return out


METRIC = MetricObj(
    "Metric",
    {
        "id": _req(Str(ID, "an id of lower-case letters, digits and hyphens")),
        "label": _req(text("What the figure measures, without the number")),
        "value": _opt(Num(description="A plain number in base units (yuan, not 亿元)")),
        "text": _opt(text("Extension: a figure-like statement without a number (半壁江山), in place of value")),
        "unit": _opt(OneOf(
            Enum(*CURRENCIES, "percent", "count", "rank",
                 aliases={"RMB": "CNY", "元": "CNY", "yuan": "CNY", "%": "percent", "US$": "USD"}),
            text("A unit named in each language, e.g. {zh: 对/日, en: train pairs a day}"),
            "a unit (CNY, USD, EUR, JPY, percent, count, rank) or a text naming it",
        )),
        "qualifier": _opt(Enum(*QUALIFIERS, description="余 / 近 / 约 / 前")),
        "change": _opt(CHANGE),
        "period": _opt(Date("year", "quarter", "month", "day")),
        "source": _opt(Str(ID, "the id of an entry in sources")),
    },
    make=_make(m.Metric),
    description="One figure, stored once and written out in each language: a value with its unit, or a text",
)


def item(extra: dict[str, Field] | None = None, name: str = "Item") -> Obj:
    fields = {
        "id": _req(Str(ID, "an id of lower-case letters, digits and hyphens")),
        "name": _req(text()),
        "summary": _opt(text()),
        "metrics": _opt(ListOf(METRIC)),
        "highlights": _opt(ListOf(text())),
        **(extra or {}),
    }
    return Obj(name, fields, make=_make(m.Item))


ITEM = item()
CLUSTER = item({"companies": _opt(ListOf(text()))}, "Cluster")
LINK = item(
    {
        "mode": _req(Enum(*MODES)),
        "status": _opt(Enum(*STATUSES)),
        "opens": _opt(Date("year")),
        "reaches": _opt(ListOf(text("A place the link reaches: {zh: 萧山机场, en: Xiaoshan Airport}"))),  # extension
    },
    "Link",
)


def fixed_section(section_id: str, list_key: str, item_type: Obj, extra: dict[str, Field] | None = None) -> Obj:
    fields = {
        "summary": _req(text()),
        list_key: _req(ListOf(item_type)),
        "highlights": _opt(ListOf(text())),
        "metrics": _opt(ListOf(METRIC)),
        **(extra or {}),
    }

    def make(values: dict, path: str) -> m.Section:
        return m.Section(
            id=section_id,
            summary=values["summary"],
            items=values.get(list_key, []),
            metrics=values.get("metrics", []),
            highlights=values.get("highlights", []),
            path=path,
        )

    return Obj(section_id, fields, make=make)


EXTRA_SECTION = Obj(
    "Section",
    {
        "id": _req(Str(ID, "an id of lower-case letters, digits and hyphens")),
        "title": _req(text()),
        "summary": _req(text()),
        "items": _opt(ListOf(ITEM)),
        "highlights": _opt(ListOf(text())),  # extension
        "metrics": _opt(ListOf(METRIC)),  # extension
    },
    make=_make(m.Section),
)

SOURCE = Obj(
    "Source",
    {
        "id": _req(Str(ID, "an id of lower-case letters, digits and hyphens")),
        "title": _req(text()),
        "publisher": _opt(text()),
        "date": _req(Date("year", "month", "day")),
        "url": _opt(Str(r"https?://\S+", "a web address (https://...)")),
    },
    make=_make(m.Source),
)

CONTACT = Obj(
    "Contact",
    {
        "name": _req(text()),
        "organisation": _req(text()),
        "phone": _opt(Str(r"\+?[0-9][0-9 ()\-]{4,}", "a phone number such as +86 571 ...")),
        "email": _opt(Str(EMAIL, "an e-mail address")),
        "address": _opt(text()),
        "url": _opt(Str(r"https?://\S+", "a web address (https://...)")),
    },
    make=_make(m.Contact),
)

REGION_INFO = Obj(
    "region",
    {
        "name": _req(text()),
        "tagline": _opt(text()),
        "summary": _req(text()),
        "portal": _opt(Str(r"https?://\S+", "the web address of the investment portal (https://...)")),  # extension
    },
)

LANGUAGES = ListOf(Enum(*m.SUPPORTED_LANGUAGES), min_items=1)

GLOSSARY_ENTRY = Obj(  # extension: a termbase for `briefing check`
    "GlossaryEntry",
    {
        "zh": _req(Str(expected="the Chinese term")),
        "en": _req(Str(expected="its one English rendering")),
    },
    make=_make(m.GlossaryEntry),
    description="A Chinese term and the English rendering every text using it must contain",
)

REGION = Obj(
    "region file",
    {
        "format": _req(VERSION),
        "id": _req(Str(ID, "an id of lower-case letters, digits and hyphens")),
        "languages": _req(LANGUAGES),
        "as_of": _req(Date("year", "month", "day")),
        "sources": _req(ListOf(SOURCE, min_items=1)),
        "region": _req(REGION_INFO),
        "key_figures": _req(ListOf(METRIC, 4, 12)),
        "industries": _req(fixed_section("industries", "clusters", CLUSTER)),
        "transport": _req(fixed_section("transport", "links", LINK)),
        "open_economy": _req(fixed_section("open_economy", "platforms", ITEM)),
        "business_environment": _req(fixed_section("business_environment", "reforms", ITEM)),
        "sections": _opt(ListOf(EXTRA_SECTION)),
        "contacts": _opt(ListOf(CONTACT)),
        "glossary": _opt(ListOf(GLOSSARY_ENTRY)),  # extension
    },
)

SIGNATORY = Obj(  # extension
    "Signatory",
    {"name": _req(text()), "title": _req(text())},
    make=_make(m.Signatory),
    description="Who signs the welcome message",
)

EDITION_INFO = Obj(
    "edition",
    {
        "id": _req(Str(ID, "an id of lower-case letters, digits and hyphens")),
        "region": _req(Str(expected="the path of the region file, relative to this file")),
        "audience": _req(text()),
        "date": _req(Date("day", "month")),
        "languages": _opt(LANGUAGES),
        "sections": _req(ListOf(Str(r"[a-z0-9_-]+", "a section name"), min_items=1)),
        "focus": _opt(ListOf(Str(ID, "an item id"))),
        "message": _opt(text()),
        "greeting": _opt(text("The salutation that opens the welcome message")),  # extension
        "signatory": _opt(SIGNATORY),  # extension
    },
)

EDITION = Obj("edition file", {"format": _req(VERSION), "edition": _req(EDITION_INFO)})


def build_region(values: dict, file: Path) -> m.Region:
    """Return the Region built from the validated top-level fields."""
    info = values["region"]
    return m.Region(
        id=values["id"],
        languages=values["languages"],
        as_of=values["as_of"],
        sources=values["sources"],
        name=info["name"],
        tagline=info.get("tagline"),
        summary=info["summary"],
        key_figures=values["key_figures"],
        industries=values["industries"],
        transport=values["transport"],
        open_economy=values["open_economy"],
        business_environment=values["business_environment"],
        sections=values.get("sections", []),
        contacts=values.get("contacts", []),
        portal=info.get("portal"),
        glossary=values.get("glossary", []),
        file=file,
    )


def json_schema(kind: str) -> dict:
    """Return the JSON Schema (draft-07, which the YAML language server reads fully) of a format."""
    root = {"region": REGION, "edition": EDITION}[kind]
    schema = root.json()
    schema.update({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": f"Briefing {kind} file (format 1)",
        "$defs": {
            "Text": {
                "type": "object",
                "description": "A text in each of the file's languages",
                "properties": {lang: {"type": "string", "minLength": 1} for lang in m.SUPPORTED_LANGUAGES},
                "additionalProperties": False,
                "minProperties": 1,
            }
        },
    })
    return schema
