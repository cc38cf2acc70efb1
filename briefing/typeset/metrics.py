"""What the line breaker knows of fonts: which characters a font has and how wide each is, remembered.

Owns font fallback (each character in the first font of a stack that has it)
and the widths the breaker adds up. Must not know where fonts come from: a
renderer hands in a `FontMetrics` (the PDF's is ReportLab's, in
briefing/render/pdf/textflow.py) and this module never imports one.
"""
from __future__ import annotations

from typing import Protocol, Sequence


class FontMetrics(Protocol):
    """The two questions the line breaker asks of a font, by the name the style gives it."""

    def coverage(self, font: str) -> frozenset[int]:
        """Return the code points `font` has a glyph for."""

    def advance(self, font: str, ch: str) -> float:
        """Return the advance of `ch` in `font` at 1 pt."""


class Measure:
    """A `FontMetrics` with its answers remembered, and font fallback over it.

    One Measure is made per source of metrics and kept: the atoms of a paragraph
    are cached per (spans, style, measure).
    """

    def __init__(self, metrics: FontMetrics):
        self.metrics = metrics
        self._coverage: dict[str, frozenset[int]] = {}
        self._widths: dict[str, dict[str, float]] = {}
        self._pick: dict[tuple[str, ...], dict[str, str]] = {}

    def coverage(self, font: str) -> frozenset[int]:
        """Return the code points `font` has."""
        cover = self._coverage.get(font)
        if cover is None:
            cover = self._coverage[font] = frozenset(self.metrics.coverage(font))
        return cover

    def pick(self, ch: str, fonts: tuple[str, ...]) -> str:
        """Return the first font of `fonts` that has `ch` (the first font if none has)."""
        table = self._pick.get(fonts)
        if table is None:
            table = self._pick[fonts] = {}
        font = table.get(ch)
        if font is None:
            code = ord(ch)
            font = next((f for f in fonts if code in self.coverage(f)), fonts[0])
            table[ch] = font
        return font

    def width(self, font: str, ch: str) -> float:
        """Return the advance of `ch` in `font` at 1 pt."""
        widths = self._widths.get(font)
        if widths is None:
            widths = self._widths[font] = {}
        w = widths.get(ch)
        if w is None:
            w = widths[ch] = self.metrics.advance(font, ch)
        return w

    def fit_font(self, text: str, fonts: Sequence[str]) -> list[tuple[str, str]]:
        """Split `text` into runs, each set in the first font of `fonts` that has all its characters.

        Spaces stay in the font of the run they follow when it has them. A character
        no font has is set in the first font (it shows as .notdef; see missing_chars).
        """
        fonts = tuple(fonts)
        runs: list[tuple[str, str]] = []
        cur, buf = None, []
        for ch in text:
            if ch.isspace() and cur is not None and ord(ch) in self.coverage(cur):
                font = cur
            else:
                font = self.pick(ch, fonts)
            if font != cur and buf:
                runs.append(("".join(buf), cur))
                buf = []
            cur = font
            buf.append(ch)
        if buf:
            runs.append(("".join(buf), cur))
        return runs

    def missing_chars(self, text: str, fonts: Sequence[str]) -> set[str]:
        """Return the characters of `text` (other than line breaks and tabs) that no font in `fonts` has."""
        return {
            ch
            for ch in set(text)
            if ch not in "\n\r\t" and not any(ord(ch) in self.coverage(f) for f in fonts)
        }
