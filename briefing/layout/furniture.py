"""The brochure's furniture around the chapters: the welcome letter, the back cover, the key-figure grid's rows.

A delegation is handed a brochure, not a report: the edition's message is set as
a letter (greeting, body, signature block: the signatory, else the issuer), and
every briefing ends on a back cover that says who issued it, how to reach them,
what date the content is as of and where the figures come from. The key-figure
grid's rows are balanced (ten cards are 4+3+3, never 3+3+3+1).
"""
from __future__ import annotations

import math

from briefing.content import numbers
from briefing.content.model import Edition, Region
from briefing.layout.markup import inline, strip_markup, typographic
from briefing.tree import BackCover, Chart, Letter

LABELS = {
    "zh": {"welcome": "欢迎辞", "closing": "此致\n敬礼！", "as_of": "资料截至{date}",
           "sources": "数据来源：见第 {page} 页", "contacts": "联系方式", "portal": "投资门户", "notes": "笔记"},
    "en": {"welcome": "Welcome", "closing": "With kind regards,", "as_of": "Content as of {date}",
           "sources": "Sources: page {page}", "contacts": "Contacts", "portal": "Investment portal",
           "notes": "Notes"},
}


def grid_rows(n: int) -> list[int]:
    """Return the cards per row of a grid of `n` cards, top row first: as even as can be, the fuller rows first.

    Up to nine cards stand three to a row (four are 2+2), more four to a row, in
    as few rows as that allows; no row is more than one card shorter than another.
    """
    if n <= 0:
        return []
    widest = 3 if n <= 9 else 4
    count = math.ceil(n / widest)
    base, extra = divmod(n, count)
    return [base + 1] * extra + [base] * (count - extra)


def letter(edition: Edition, lang: str) -> Letter:
    """Return the edition's message as a letter in `lang`; without a signatory the issuer signs (name "")."""
    lab = LABELS[lang]

    def t(text):
        return typographic(text[lang], lang) if text is not None else None

    body = [inline(part.strip()) for part in t(edition.message).split("\n\n") if part.strip()]
    sign = edition.signatory
    return Letter(
        heading=lab["welcome"],
        body=body,
        greeting=strip_markup(t(edition.greeting)) if edition.greeting else None,
        name=strip_markup(t(sign.name)) if sign else "",
        title=strip_markup(t(sign.title)) if sign else None,
        closing=lab["closing"],
    )


def back_cover(region: Region, lang: str, portal: Chart | None) -> BackCover:
    """Return the back cover in `lang`: its parts appear exactly when the content gives them."""
    lab = LABELS[lang]
    contacts = []
    for c in region.contacts:
        who = strip_markup(typographic(c.name[lang], lang))
        org = strip_markup(typographic(c.organisation[lang], lang))
        reach = [x for x in (c.phone, c.email, c.url) if x]
        contacts.append((" · ".join([f"{who}, {org}" if lang == "en" else f"{org} {who}"] + reach)))
    return BackCover(
        lang=lang,
        as_of=lab["as_of"].format(date=numbers.format_period(region.as_of, lang)),
        sources=lab["sources"],
        portal=portal,
        portal_label=lab["portal"] if portal else None,
        contacts=contacts,
        contacts_label=lab["contacts"] if contacts else None,
    )


def notes_title(lang: str) -> str:
    return LABELS[lang]["notes"]
