"""A content text as it is printed, in plain text: typographic quotes, no `**` markers, a figure's digits.

The layout sets texts this way (layout/markup.py re-exports these), and the fit
check (checks/fit.py) measures the same strings, so what is measured is what is
printed.
"""
from __future__ import annotations

import re

BOLD = re.compile(r"\*\*(.+?)\*\*", re.S)
NUMBER = re.compile(r"\d[\d,.]*\d|\d")  # the figure's digits within "RMB 4.63 billion", "1600余家"
OPENS_AFTER = set(" \t\n([{\u2014\u2013/-")
ORDINAL_TAILS = ("st", "nd", "rd", "th")


def typographic(text: str, lang: str) -> str:
    """Return English text with typewriter quotes turned into typographic ones (" -> “ ”, ' -> ‘ ’).

    A quote opens after a space, a bracket, a dash or the start of the text, looking
    through `**` markers, which print nothing; otherwise it closes (and ' is an apostrophe).
    """
    if lang != "en" or ('"' not in text and "'" not in text):
        return text
    out, before = [], None  # the last printing character
    for ch in text:
        if ch in "\"'":
            opening = before is None or before in OPENS_AFTER
            out.append({('"', True): "“", ('"', False): "”", ("'", True): "‘", ("'", False): "’"}[ch, opening])
        else:
            out.append(ch)
        if ch != "*":
            before = ch
    return "".join(out)


def strip_markup(text: str) -> str:
    """Return a content text without its `**` markers (for titles and metadata)."""
    return BOLD.sub(r"\1", text)


def figure_digits(value: str) -> tuple[int, int] | None:
    """Return where a card's large digits stand in its `value` ("over 1,600 companies"), or None.

    An ordinal stays whole ("1st"); a figure given in words has none (then the
    whole value is set large).
    """
    digits = NUMBER.search(value)
    span = digits.span() if digits else None
    if span and value[span[1]:] in ORDINAL_TAILS:
        span = (span[0], len(value))
    return span
