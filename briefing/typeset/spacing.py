"""The one Han-Latin spacing rule, for text set outside the line breaker (charts and diagrams).

Everywhere a briefing sets Chinese next to Latin letters or digits (body text,
headings, cards, tables, charts, diagrams), a quarter of an em of the text's
size stands between them, as `TextStyle.cjk_latin_gap` gives in the line
breaker and as Word and LibreOffice autospace (autoSpaceDE/autoSpaceDN, left on
in every style). Where the gap goes is the line breaker's own decision
(`atoms.han_latin_gaps`: a Han character next to a Latin word or a number, a
number's unit sign included, "80% 以上"; none across a space, none beside other
punctuation), so a label in a chart is spaced exactly as the same words in a
paragraph. A renderer that draws strings itself asks `gaps(text)` where to add
`GAP` ems (in the PDF the gap is part of the glyph's advance, not a character:
the text still copies out as typed).
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

from briefing.typeset.atoms import han_latin_gaps
from briefing.typeset.style import TextStyle

GAP = TextStyle.cjk_latin_gap  # em: the body text's own gap (0.25)


@lru_cache(maxsize=4096)
def _gaps(text: str) -> tuple[int, ...]:
    return tuple(han_latin_gaps(text))


def gaps(text: str) -> list[int]:
    """Return the indices i of `text` where a gap stands before text[i]."""
    return list(_gaps(text))


def is_han(ch: str) -> bool:
    """Return whether `ch` is a Han character (or kana, or hangul): set square, spaced from Latin."""
    o = ord(ch)
    return (0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x3040 <= o <= 0x30FF or 0xAC00 <= o <= 0xD7AF
            or o >= 0x20000)


def is_latin(ch: str) -> bool:
    """Return whether `ch` is a Latin letter or a digit (not punctuation or a symbol)."""
    return ch.isascii() and ch.isalnum() or (unicodedata.category(ch).startswith("L") and not is_han(ch)
                                             and ord(ch) < 0x2E80)


def gap_between(before: str, after: str) -> bool:
    """Return whether the rule puts a gap where text `before` meets text `after` (a card's number and its unit)."""
    return bool(before and after) and len(before) in _gaps(before + after)
