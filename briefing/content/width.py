"""The width of a content text in units: 2 for a wide (Chinese, Japanese, Korean) character, else 1."""
from __future__ import annotations

import unicodedata


def width_units(text: str) -> int:
    """Return the width of `text` in units: 2 for a wide (Chinese, Japanese, Korean) character, else 1."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
