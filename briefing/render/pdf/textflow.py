"""Set mixed Chinese/Latin text in a PDF: the ReportLab flowable over the pure line breaker.

The rules of Chinese setting (atoms, kinsoku, Han-Latin gaps, squeezing,
justification, font fallback) live in briefing.typeset; this module owns only
what ReportLab needs of them:

* `ReportLabMetrics`: the fonts' coverage and widths, as ReportLab registered
  them, and `REPORTLAB`, the one `Measure` over them that the PDF uses;
* `break_lines`, `fit_font`, `missing_chars`: the typeset functions measured
  by ReportLab;
* `TextFlow`, the flowable: wrap (break at the frame's width), split (at line
  boundaries, two lines at least each side) and draw (as text, in reading
  order, so the PDF's text can be extracted).

It must not break lines itself or know the rules of Chinese setting.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable

from briefing.render.pdf.gaps import carry_gaps
from briefing.tree import Span
from briefing.typeset.atoms import atomize
from briefing.typeset.linebreak import EPS, Box, Line, layout, line_text
from briefing.typeset.linebreak import break_lines as _break_lines
from briefing.typeset.metrics import Measure
from briefing.typeset.style import TextStyle, baseline_offset

__all__ = ["REPORTLAB", "Box", "Line", "ReportLabMetrics", "TextFlow", "TextStyle", "baseline_offset",
           "break_lines", "fit_font", "line_text", "missing_chars"]


class ReportLabMetrics:
    """Font metrics as ReportLab has them, by registered font name (a `FontMetrics`)."""

    def coverage(self, font: str) -> frozenset[int]:
        face = pdfmetrics.getFont(font).face
        glyphs = getattr(face, "charToGlyph", None)
        if glyphs is not None:
            return frozenset(glyphs)
        return frozenset(range(32, 127)) | frozenset(range(160, 256))  # a standard Type 1 font: Latin-1 at best

    def advance(self, font: str, ch: str) -> float:
        return pdfmetrics.stringWidth(ch, font, 1000) / 1000


REPORTLAB = Measure(ReportLabMetrics())


def break_lines(spans: Sequence[Span], style: TextStyle, width: float) -> list[Line]:
    """Return the lines of a paragraph of `spans` set in `style` to `width` points, measured by ReportLab."""
    return _break_lines(spans, style, width, REPORTLAB)


def fit_font(text: str, fonts: Sequence[str]) -> list[tuple[str, str]]:
    """Split `text` into runs, each in the first font of `fonts` that has all its characters (see Measure)."""
    return REPORTLAB.fit_font(text, fonts)


def missing_chars(text: str, fonts: Sequence[str]) -> set[str]:
    """Return the characters of `text` (other than line breaks and tabs) that no font in `fonts` has."""
    return REPORTLAB.missing_chars(text, fonts)


@lru_cache(maxsize=64)
def _color(value: str):
    return HexColor(value)


class TextFlow(Flowable):
    """A paragraph of spans, broken and set by this module; splits across frames at line boundaries."""

    def __init__(self, spans: Sequence[Span], style: TextStyle, *, link: str | None = None,
                 bookmark: str | None = None):
        super().__init__()
        self.spans = tuple(spans)
        self.style = style
        self.link = link
        self.bookmark = bookmark
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after
        self.keepWithNext = style.keep_with_next
        self._segments = atomize(self.spans, style, REPORTLAB)
        self._first = True  # holds the paragraph's first line
        self._open_end = False  # the paragraph continues in a later part
        self._cache: dict[float, list[Line]] = {}
        self.lines: list[Line] = []
        self.width = self.height = 0

    def __repr__(self) -> str:
        text = "".join(s.text for s in self.spans)
        return f"TextFlow({self.style.name!r}, {text[:30]!r}{'...' if len(text) > 30 else ''})"

    def _part(self, segments, first: bool, open_end: bool) -> TextFlow:
        """Return a flowable holding `segments` of this paragraph (a head or a tail after a split)."""
        part = TextFlow.__new__(TextFlow)
        Flowable.__init__(part)
        part.spans, part.style, part.link = self.spans, self.style, self.link
        part.bookmark = self.bookmark if first else None
        part.spaceBefore = self.style.space_before if first else 0
        part.spaceAfter = 0 if open_end else self.style.space_after
        part.keepWithNext = self.keepWithNext if not open_end else False
        if first and hasattr(self, "_outline"):  # the PDF renderer's outline entry goes with the first part
            part._outline = self._outline
        part._segments = tuple(tuple(s) for s in segments)
        part._first, part._open_end = first, open_end
        part._cache = {}
        part.lines, part.width, part.height = [], 0, 0
        return part

    def break_lines(self, width: float) -> list[Line]:
        """Return (and cache) the lines of this part at `width`."""
        key = round(width, 6)
        lines = self._cache.get(key)
        if lines is None:
            lines = layout(self._segments, self.style, width, REPORTLAB, first=self._first, open_end=self._open_end)
            self._cache[key] = lines
        return lines

    def wrap(self, availWidth, availHeight):
        self.lines = self.break_lines(availWidth)
        self.width = availWidth
        self.height = len(self.lines) * self.style.leading
        return availWidth, self.height

    def minWidth(self):
        widest = max((a.width for seg in self._segments for a in seg), default=0)
        return widest + self.style.left_indent + self.style.right_indent + max(self.style.first_indent, 0)

    def split(self, availWidth, availHeight):
        if not self.style.allow_split:
            return []
        lines = self.break_lines(availWidth)
        n = len(lines)
        fit = int((availHeight + EPS) // self.style.leading)
        if fit >= n:
            return [self]
        if n < 4:
            return []
        k = min(fit, n - 2)  # lines in the head; two at least on each side
        if k < 2:
            return []
        seg = lines[k].segment
        cut_inside = lines[k - 1].segment == seg
        head_segs = list(self._segments[:seg])
        tail_segs = list(self._segments[seg + 1:])
        rest = [a for line in lines[k:] if line.segment == seg for a in line.atoms]
        if cut_inside:
            head_segs.append([a for line in lines[:k] if line.segment == seg for a in line.atoms])
        tail_segs.insert(0, rest)
        head = self._part(head_segs, self._first, cut_inside or self._open_end)
        tail = self._part(tail_segs, False, self._open_end)
        return [head, tail]

    def draw(self):
        canvas, style = self.canv, self.style
        lines = self.lines or self.break_lines(self.width)
        first_base = self.height - baseline_offset(style)
        if self.bookmark and self._first:
            canvas.bookmarkHorizontal(self.bookmark, 0, self.height)
        canvas.saveState()
        if style.bullet and self._first and lines:
            canvas.setFillColor(_color(style.bullet_color or style.color))
            x, size = style.bullet_indent, style.size * style.bullet_size
            for run, run_font in fit_font(style.bullet, style.fonts):
                canvas.setFont(run_font, size)
                canvas.drawString(x, first_base + style.bullet_raise * style.size, run)
                x += canvas.stringWidth(run, run_font, size)
        text = canvas.beginText()
        text.setFillColor(_color(style.color))
        font, cs = None, 0.0
        for k, line in enumerate(lines):
            y = first_base - k * style.leading
            for run, run_font, x, run_cs in _groups(carry_gaps(line.boxes, style)):
                text.setTextOrigin(x, y)
                if run_font != font:
                    text.setFont(run_font, style.size)
                    font = run_font
                if abs(run_cs - cs) > 1e-9:
                    text.setCharSpace(run_cs)
                    cs = run_cs
                text.textOut(run)
        canvas.drawText(text)
        canvas.restoreState()
        if self.link:
            canvas.linkRect("", self.link, (0, 0, self.width, self.height), relative=1, thickness=0)


def _groups(boxes: list[Box]):
    """Yield (text, font, x, char_space): boxes merged where one text operation can draw them."""
    i, n = 0, len(boxes)
    while i < n:
        b = boxes[i]
        parts = [b.text]
        cs = None
        single = len(b.text) == 1
        prev = b
        j = i + 1
        while j < n:
            nb = boxes[j]
            if nb.font != b.font:
                break
            delta = nb.x - (prev.x + prev.width)
            nsingle = single and len(nb.text) == 1
            if cs is None:
                if abs(delta) < 1e-6:
                    cs = 0.0
                elif nsingle and delta > 0:
                    cs = delta
                else:
                    break
            elif abs(delta - cs) > 1e-6 or (cs and not nsingle):
                break
            parts.append(nb.text)
            single = nsingle
            prev = nb
            j += 1
        yield "".join(parts), b.font, b.x, cs or 0.0
        i = j
