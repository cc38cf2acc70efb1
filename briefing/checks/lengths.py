"""Lengths: each text fits where it is printed (width units: a Chinese character counts 2)."""
from __future__ import annotations

import re


from briefing.errors import Problem
from briefing.content.model import Text
from briefing.content.width import width_units



# How long a text may be, in width units: a Chinese character counts 2, anything else 1.
# Longer names break the cover, headings and figure cards (which cannot split across
# pages); longer paragraphs are mistakes (a document pasted in) and slow the build.
NAME_LIMIT = 120  # the region's name: the cover's title and every page's running header
UNIT_LIMIT = 60  # a unit is set inside the figure, in the figure's large size
SHORT_LIMIT = 400  # names, titles, labels, addresses: headings, table cells, card labels
LONG_LIMIT = 40_000  # summaries, highlights, a welcome message: paragraphs that split across pages
STRING_LIMIT = 1_000  # web and e-mail addresses, phone numbers (characters)
TOTAL_LIMIT = 300_000  # all the texts of one language together, aliases counted each time used
COUNT_LIMIT = 10_000  # texts in a file, aliases counted each time used
LONG_FIELDS = ("summary", "highlights", "message")
QR_LIMIT = 200  # bytes: a QR code of version 10 (57 modules) at level M, about 0.45 mm a module at 26 mm
QR_WIDTH = "26 mm wide"


def _field(path: str) -> str:
    """Return the field a document path ends in: 'industries.clusters[0].highlights[2]' -> 'highlights'."""
    return re.sub(r"\[\d+\]", "", path).rsplit(".", 1)[-1]


def _limit(path: str) -> tuple[int, str]:
    """Return the width limit of the text at `path` and how to name it in a message."""
    if path == "region.name":
        return NAME_LIMIT, "the region's name"
    field = _field(path)
    if field == "unit":
        return UNIT_LIMIT, "a unit"
    if field in LONG_FIELDS:
        return LONG_LIMIT, "a text"
    if path.endswith("]"):
        return SHORT_LIMIT, f"each of the {field.replace('_', ' ')}"
    return SHORT_LIMIT, f"a {field.replace('_', ' ')}"


def lengths(texts: list[Text], strings: list[tuple[str, str]], languages: list[str],
             locations: dict[str, tuple[int, int]], file: str) -> list[Problem]:
    """Return errors for texts too long for where they are printed, and for files too big to set."""
    problems: list[Problem] = []
    seen: set[str] = set()

    def report(path: str, message: str) -> None:
        problems.append(Problem(file, *locations.get(path, (0, 0)), path, message))

    for text in texts:
        for lang in languages:
            path = f"{text.path}.{lang}"
            value = text.values.get(lang, "")
            if path in seen or len(value) * 2 <= UNIT_LIMIT:  # short enough for any place
                continue
            seen.add(path)
            limit, what = _limit(text.path)
            units = width_units(value)
            if units > limit:
                report(path, f"is too long to print: {len(value):,} characters; {what} may have at most "
                       f"{limit // 2:,} Chinese characters or {limit:,} letters and spaces"
                       + (" (is something pasted in by mistake?)" if limit == LONG_LIMIT else
                          ", or it will not fit where it is printed"))
    for path, value in strings:
        if path == "region.portal" and len(value.encode("utf-8")) > QR_LIMIT:
            report(path, f"is {len(value.encode('utf-8')):,} bytes long; the portal's QR code, {QR_WIDTH}, can be "
                   f"scanned only for addresses up to {QR_LIMIT} bytes: give a shorter address")
        elif len(value) > STRING_LIMIT:
            report(path, f"is too long to print: {len(value):,} characters; at most {STRING_LIMIT:,}")
    if len(texts) > COUNT_LIMIT:
        path = texts[COUNT_LIMIT].path
        report(path, f"the file has {len(texts):,} texts (counting each use of a YAML alias); a briefing may have "
               f"at most {COUNT_LIMIT:,}; refusing to set it")
    for lang in languages if not problems else ():  # one text too long is reported by itself
        total = 0
        for text in texts:
            total += len(text.values.get(lang, ""))
            if total > TOTAL_LIMIT:
                report(f"{text.path}.{lang}", f"from here on the {lang} texts add up to more than {TOTAL_LIMIT:,} "
                       "characters (counting each use of a YAML alias), too much for one briefing; refusing to set it")
                break
    return problems
