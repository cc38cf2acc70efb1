"""The width of a content text in units: 2 for a wide (Chinese, Japanese, Korean) character, else 1."""
from __future__ import annotations

import unicodedata


class _Units(dict):
    """Each character's width in units, looked up in unicodedata once per character."""

    def __missing__(self, ch: str) -> int:
        units = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if len(self) < 1 << 16:  # distinct characters remembered, at most
            self[ch] = units
        return units


_UNITS = _Units()


def width_units(text: str) -> int:
    """Return the width of `text` in units: 2 for a wide (Chinese, Japanese, Korean) character, else 1."""
    if text.isascii():
        return len(text)
    return sum(map(_UNITS.__getitem__, text))
