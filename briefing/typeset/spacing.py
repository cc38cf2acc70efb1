"""The one Han-Latin spacing rule, for text set outside the line breaker (card figures, charts, diagrams).

Everywhere a briefing sets Chinese next to Latin letters or digits (body text,
headings, cards, tables, charts), a quarter of an em stands between them, as
`TextStyle.cjk_latin_gap` gives in the line breaker and as Word and LibreOffice
autospace (autoSpaceDE/autoSpaceDN, left on in every style). Punctuation and
symbols (%, ·, brackets) take no gap. A renderer that draws strings itself asks
`gaps(text)` where to add `GAP` ems (the PDF text stays without spaces: the gap
is an advance, not a character).
"""
from __future__ import annotations

import unicodedata

GAP = 0.25  # em, as briefing.typeset.style.TextStyle.cjk_latin_gap


def is_han(ch: str) -> bool:
    """Return whether `ch` is a Han character (or kana, or hangul): set square, spaced from Latin."""
    o = ord(ch)
    return (0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x3040 <= o <= 0x30FF or 0xAC00 <= o <= 0xD7AF
            or o >= 0x20000)


def is_latin(ch: str) -> bool:
    """Return whether `ch` is a Latin letter or a digit (not punctuation or a symbol)."""
    return ch.isascii() and ch.isalnum() or (unicodedata.category(ch).startswith("L") and not is_han(ch)
                                             and ord(ch) < 0x2E80)


def gap_between(a: str, b: str) -> bool:
    """Return whether the rule puts a gap between character `a` and the character `b` after it."""
    return bool(a and b) and ((is_han(a) and is_latin(b)) or (is_latin(a) and is_han(b)))


def gaps(text: str) -> list[int]:
    """Return the indices i of `text` where a gap stands before text[i]."""
    return [i for i in range(1, len(text)) if gap_between(text[i - 1], text[i])]
