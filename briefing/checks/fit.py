"""Fit: each text set in a box of fixed size fits it, measured with the faces that set it, in both formats.

Measured with ReportLab's advances of the brand's own faces (fonts/measure.py)
against the boxes the renderers draw (brand/boxes.py), for the PDF and the Word
geometry and every language of the file:

- a figure card's value (the number and its words, one line): refused when it
  does not fit at the smallest size a card sets it (it would shrink past
  reading or run into the next card);
- the cover's band (kicker, the region's name, the tagline; in the bilingual
  edition both languages): refused when the stack is taller than the band;
- the running header made of the region's name: a warning when it takes two
  lines (it wraps, nothing overprints);
- a card's label: a warning for a word wider than the card (it is cut).

Texts that wrap freely (paragraphs, table cells) are left to lengths.py.
"""
from __future__ import annotations

import math

from briefing.brand import Brand
from briefing.brand.boxes import FORMATS, VALUE_SIZE, VALUE_SMALLEST, VALUE_WORDS, Geometry, text_width
from briefing.content import numbers
from briefing.content.model import Edition, Metric, Region, Text
from briefing.content.printed import figure_digits, strip_markup, typographic
from briefing.errors import Problem
from briefing.fonts import measure

# what layout/document.py sets beside the region's name (its LABELS; tests/checks/test_fit.py keeps them equal)
KICKER = {"zh": "投资推介手册", "en": "Investment Briefing"}
SEP = " · "
MOST_KEY_CARDS, MOST_FEATURED = 12, 6  # the "At a glance" grid: layout/document.py key_figures
LABEL_SIZE = 0.9  # a card's label, times the base size (both formats)


def key_grid_per_row(n: int) -> int:
    """Return the most cards a row of the "At a glance" grid holds for `n` cards (layout's grid_rows)."""
    if n <= 3:
        return max(n, 1)
    return 2 if n == 4 else 3 if n <= 9 else 4


def fit(region: Region, edition: Edition | None, brand: Brand, languages: list[str],
        locations: dict[str, tuple[int, int]], file: str) -> list[Problem]:
    """Return errors for texts too long for their fixed box, and warnings for those that wrap in it."""
    problems: list[Problem] = []
    seen: set[str] = set()

    def report(path: str, message: str, severity: str = "error") -> None:
        if path not in seen:
            seen.add(path)
            problems.append(Problem(file, *locations.get(path, (0, 0)), path, message, severity))

    for metric, per_row in _cards(region, edition):
        for lang in languages:
            _card(metric, per_row, lang, brand, report)
    for lang in languages:
        _cover(region, brand, [lang], report)
        _header(region, brand, lang, report)
    if len(languages) > 1:
        _cover(region, brand, languages, report)
    return problems


def _cards(region: Region, edition: Edition | None) -> list[tuple[Metric, int]]:
    """Return every figure that may be set as a card with the most cards its row may hold (the narrowest card)."""
    focus = set(edition.focus) if edition else set()
    featured = [m for sec in region.chapters() for item in sec.items if item.id in focus for m in item.metrics]
    grid: list[Metric] = []
    for metric in featured[:MOST_FEATURED] + list(region.key_figures):
        if all(metric is not other for other in grid):
            grid.append(metric)
    grid = grid[:MOST_KEY_CARDS]
    per_row = key_grid_per_row(len(grid))
    out = [(m, per_row) for m in grid]
    for sec in region.chapters():  # a chapter's one to three figures are cards three to a row
        out += [(m, 3) for m in sec.metrics]
        out += [(m, 3) for item in sec.items for m in item.metrics]
    narrowest: dict[int, tuple[Metric, int]] = {}  # each figure once, in the narrowest card it may stand in
    for metric, per_row in out:
        if per_row > narrowest.get(id(metric), (metric, 0))[1]:
            narrowest[id(metric)] = (metric, per_row)
    return list(narrowest.values())


def _card(metric: Metric, per_row: int, lang: str, brand: Brand, report) -> None:
    value = typographic(numbers.format_value(metric, lang), lang)
    span = figure_digits(value)
    before, number, after = (value[:span[0]], value[span[0]:span[1]], value[span[1]:]) if span else ("", value, "")
    keys = brand.font_stack("sans", lang, bold=True)
    per_point = measure.width(number, keys, 1.0) + measure.width(before + after, keys, VALUE_WORDS)
    smallest = brand.base_size * VALUE_SIZE * VALUE_SMALLEST
    needed = per_point * smallest
    rooms = [(g, g.card_width(brand, per_row)) for g in FORMATS]
    over = [(g, room) for g, room in rooms if needed > room]
    if over:
        geometry, room = min(over, key=lambda pair: pair[1])
        words = f"{per_row} cards to a row" if per_row > 1 else "a card"
        cut = math.ceil(len(value) * (1 - room / needed))
        where = "the unit" if isinstance(metric.unit, Text) else "the text" if metric.text else "the figure"
        report(_value_path(metric, lang),
               f"the figure as printed, {_quote(value)}, is too long for its card: {needed:.0f} pt wide at the "
               f"smallest size a card sets it ({smallest:.1f} pt), and {words} leave {room:.0f} pt in the "
               f"{geometry.name} file ({_also(rooms, geometry)}); {100 * (needed - room) / room:.0f}% too long: "
               f"shorten {where} by about {cut} character{'s' if cut != 1 else ''}")
    label = strip_markup(typographic(metric.label.values.get(lang, ""), lang))
    room, size = min(r for _, r in rooms), brand.base_size * LABEL_SIZE
    if max(map(len, label.split()), default=0) * size <= room:  # no glyph is wider than an em
        return
    word, wide = measure.longest_word(label, brand.font_stack("sans", lang), size)
    if wide > room:
        report(f"{metric.label.path}.{lang}",
               f"has a word, {_quote(word)}, {wide:.0f} pt wide, wider than its card ({room:.0f} pt): it is cut "
               "where the line ends; shorten it or break it with a space or hyphen", "warning")


def _value_path(metric: Metric, lang: str) -> str:
    if isinstance(metric.unit, Text):
        return f"{metric.unit.path}.{lang}"
    if metric.text is not None:
        return f"{metric.text.path}.{lang}"
    return f"{metric.path}.value"


def _cover(region: Region, brand: Brand, langs: list[str], report) -> None:
    """Report a cover whose kicker, title and taglines stand taller than its band, in either format."""
    width, base = text_width(brand), brand.base_size
    for g in FORMATS:
        height, parts = _cover_height(region, brand, langs, g, width)
        room = g.band_room(brand)
        if height > room:
            path = next((p for p in parts if p.startswith("region.tagline")), parts[0])
            edition = " in the bilingual edition" if len(langs) > 1 else ""
            report(path, f"the cover's title and tagline{edition} take {height:.0f} pt of the band's {room:.0f} pt "
                   f"in the {g.name} file (the title is set at {base * g.title:.0f} pt); they would run off the "
                   "band: shorten the region's name or the tagline")
            return


def _cover_height(region: Region, brand: Brand, langs: list[str], g: Geometry, width: float) -> tuple[float, list]:
    base = brand.base_size
    blocks: list[float] = [g.kicker_height * base]
    parts = []
    for k, lang in enumerate(langs):
        name = _plain(region.name, lang)
        size, leading = (g.title, g.title_leading) if k == 0 else (g.subtitle, g.subtitle_leading)
        lines = measure.line_count(name, brand.font_stack("sans", lang, bold=k == 0), base * size, width)
        blocks.append(lines * leading * base + (g.title_after * base if k == 0 else 0))
        parts.append(f"region.name.{lang}")
    for k, lang in enumerate(langs):
        tagline = _plain(region.tagline, lang)
        if tagline:
            scale = 1.0 if k == 0 else 0.85
            lines = measure.line_count(tagline, brand.font_stack("sans", lang), base * g.subtitle * scale, width)
            blocks.append(lines * g.subtitle_leading * scale * base)
            parts.append(f"region.tagline.{lang}")
    return sum(blocks) + g.block_gap * (len(blocks) - 1), parts


def _header(region: Region, brand: Brand, lang: str, report) -> None:
    """Warn when the running header made of the region's name takes two lines (the brand's own is checked with it)."""
    if (brand.header or {}).get(lang):
        return
    text = _plain(region.name, lang) + SEP + KICKER[lang]
    keys = brand.font_stack("sans", lang)
    for g in FORMATS:
        wide, room = measure.width(text, keys, brand.base_size * g.running), g.header_width(brand)
        if wide > room:
            report(f"region.name.{lang}", f"makes the running header, {_quote(text)}, {wide:.0f} pt wide, and its "
                   f"line holds {room:.0f} pt in the {g.name} file: it takes two lines on every page; shorten the "
                   "name, or give the brand a shorter header", "warning")
            return


def _plain(text: Text | None, lang: str) -> str:
    return strip_markup(typographic(text.values.get(lang, ""), lang)) if text is not None else ""


def _also(rooms: list[tuple[Geometry, float]], shown: Geometry) -> str:
    return "; ".join(f"{g.name}: {room:.0f} pt" for g, room in rooms if g is not shown)


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())  # a no-break space shows as a space
    return "“" + (text if len(text) <= limit else text[:limit - 1] + "…") + "”"
