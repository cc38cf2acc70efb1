"""Labels in charts: the brand's sans faces per character, measuring, wrapping, drawing as Strings.

A ReportLab graphics String has one font, so a label is cut into runs, each set
in the first face of the brand's sans stack that has all its characters (the
CJK face for Chinese, the Latin face for English, falling back per character),
and each run is drawn as its own String.

Every label goes through `label()` before it is measured or drawn, and is then
spaced by `Face.runs`: the one place where pictures (charts and diagram) follow
the text's rule for the gap between Chinese and Latin letters or digits
(briefing.typeset.spacing: where the line breaker puts it, a quarter em of the
label's size). As in the body text (render/pdf/gaps.py), the gap is carried by
a twin of the glyph before it with a wider advance (briefing.fonts.spaced), so
a label copies out and is found as typed ("2026年通车", no space); the same
drawing rasterised for Word shows the same gaps.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from reportlab.graphics.shapes import Group, String
from reportlab.lib.colors import HexColor
from reportlab.pdfbase import pdfmetrics

from briefing import fonts
from briefing.brand import Brand
from briefing.fonts.spaced import wide
from briefing.typeset.spacing import GAP, gaps

# kinsoku: these never start a line / never end one
NO_START = frozenset("）］｝〕〉》」』】”’，。、；：？！…%‰·—–-/),.;:!?'\"")
NO_END = frozenset("（［｛〔〈《「『【“‘(/[")
UNITS = round(GAP * 1000)  # the gap in thousandths of an em, as the body text's twins carry it


def label(text: str) -> str:
    """Return a chart label's characters as they are set (as typed; the Han-Latin gap is added by Face.runs).

    It must stay idempotent: pieces of a label pass through it again.
    """
    return text


def is_wide(ch: str) -> bool:
    """Return whether `ch` is set one em wide and may break on either side (Han, kana, fullwidth)."""
    code = ord(ch)
    return (0x2E80 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0xFF00 <= code <= 0xFFEF
            or 0x20000 <= code <= 0x3FFFF or 0x3000 <= code <= 0x303F)


@lru_cache(maxsize=None)
def _coverage(name: str) -> frozenset[int]:
    face = pdfmetrics.getFont(name).face
    return frozenset(getattr(face, "charToGlyph", {}) or range(32, 256))


@dataclass(frozen=True)
class Face:
    """A font stack in fallback order (registered ReportLab names), one weight."""

    names: tuple[str, ...]

    def runs(self, text: str) -> tuple[tuple[str, str, float], ...]:
        """Return `text` as set: (text, font, lead) runs, each in the first font that has its characters.

        The glyph before each Han-Latin gap is its twin with the gap in its
        advance; `lead` is the space in ems before a run, there only when a
        face cannot carry the gap that way (then it is a jump, read as a space).
        """
        return _runs(self.names, label(text))

    def width(self, text: str, size: float) -> float:
        """Return the advance of `text` at `size` points, its Han-Latin gaps included."""
        return sum(pdfmetrics.stringWidth(t, f, size) + lead * size for t, f, lead in self.runs(text))


@lru_cache(maxsize=8192)
def _runs(names: tuple[str, ...], text: str) -> tuple[tuple[str, str, float], ...]:
    out: list[list] = []
    at = set(gaps(text))
    lead = 0.0
    for i, ch in enumerate(text):
        if ch == " " and out:
            font = out[-1][1]
        else:
            font = next((n for n in names if ord(ch) in _coverage(n)), names[0])
        shown = ch
        if i + 1 in at:  # the gap after this glyph: in its advance, else a jump before the next run
            shown = wide(font, ch, UNITS) or ch
        if out and out[-1][1] == font and not lead:
            out[-1][0] += shown
        else:
            out.append([shown, font, lead])
            lead = 0.0
        if shown == ch and i + 1 in at:
            lead = GAP
    return tuple((text, font, lead) for text, font, lead in out)


def face(brand: Brand, lang: str, bold: bool = False) -> Face:
    """Return the brand's sans (display) face for `lang` as a Face."""
    return Face(tuple(fonts.register(key) for key in brand.font_stack("sans", lang, bold)))


def _units(text: str) -> list[str]:
    """Return the unbreakable pieces of `text`: a wide character each, a Latin word with its trailing space."""
    units: list[str] = []
    for ch in text:
        if not units:
            units.append(ch)
        elif ch in NO_START or units[-1][-1] in NO_END:
            units[-1] += ch
        elif is_wide(ch) or is_wide(units[-1][-1]) or units[-1][-1] in " -–/":
            units.append(ch)
        else:
            units[-1] += ch
    return units


def wrap(text: str, face_: Face, size: float, width: float) -> list[str]:
    """Return `text` broken into lines no wider than `width` (a piece wider than a line is cut)."""
    lines: list[str] = []
    cur = ""
    for unit in _units(text):
        trial = cur + unit
        if not cur or face_.width(trial.rstrip(), size) <= width:
            cur = trial
            continue
        lines.append(cur.rstrip())
        cur = unit.lstrip()
    if cur.strip():
        lines.append(cur.rstrip())
    out: list[str] = []
    for line in lines:  # a word longer than the line: cut it where it must be cut
        while face_.width(line, size) > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and face_.width(line[:cut], size) > width:
                cut -= 1
            out.append(line[:cut])
            line = line[cut:]
        out.append(line)
    return out


def balanced(text: str, face_: Face, size: float, width: float) -> list[str]:
    """Return `text` wrapped as `wrap` does, in as many lines, but the lines as even as can be.

    A name that needs two lines is set in two of about the same length ("Qiantang
    High-Speed / Railway Station"), never a full line and one word left over: the
    narrowest measure that keeps the line count, found by halving.
    """
    lines = wrap(text, face_, size, width)
    if len(lines) < 2:
        return lines
    lo, hi = max(face_.width(unit.strip(), size) for unit in _units(text)), width
    while hi - lo > 0.5:
        mid = (lo + hi) / 2
        if len(wrap(text, face_, size, mid)) <= len(lines):
            hi = mid
        else:
            lo = mid
    return wrap(text, face_, size, hi)


def wrap_phrases(phrases: list[str], sep: str, face_: Face, size: float, width: float) -> list[str]:
    """Return `phrases` joined by `sep` and broken into lines between phrases where they fit, within them if not.

    Where a line breaks between two phrases the separator is dropped: no line ends on a dot.
    """
    lines: list[str] = []
    cur = ""
    for phrase in phrases:
        trial = cur + sep + phrase if cur else phrase
        if face_.width(trial, size) <= width:
            cur = trial
            continue
        if cur:
            lines.append(cur)
        pieces = wrap(phrase, face_, size, width)
        lines += pieces[:-1]
        cur = pieces[-1] if pieces else ""
    if cur:
        lines.append(cur)
    return lines


def fit(text: str, face_: Face, size: float, width: float, max_lines: int, smallest: float = 0.75
        ) -> tuple[float, list[str]]:
    """Return the size (down to `smallest` of `size`) at which `text` wraps to `max_lines` or fewer, and its
    lines, balanced."""
    scale = 1.0
    while True:
        lines = balanced(text, face_, size * scale, width)
        if len(lines) <= max_lines or scale <= smallest + 1e-9:
            return size * scale, lines
        scale = max(smallest, scale - 0.05)


def draw_line(group: Group, x: float, y: float, text: str, face_: Face, size: float, color: str,
              anchor: str = "start") -> float:
    """Draw one line with its baseline at `y`, anchored at `x` (start, middle or end); return its width."""
    w = face_.width(text, size)
    left = {"start": x, "middle": x - w / 2, "end": x - w}[anchor]
    fill = HexColor(color)
    for run, font, lead in face_.runs(text):
        left += lead * size
        group.add(String(left, y, run, fontName=font, fontSize=size, fillColor=fill))
        left += pdfmetrics.stringWidth(run, font, size)
    return w


def draw_lines(group: Group, x: float, top: float, lines: list[str], face_: Face, size: float, leading: float,
               color: str, anchor: str = "start") -> float:
    """Draw `lines` from `top` down (first baseline one cap height below it); return the block's height."""
    for i, line in enumerate(lines):
        draw_line(group, x, top - ascent(size) - i * leading, line, face_, size, color, anchor)
    return block_height(len(lines), size, leading)


def ascent(size: float) -> float:
    """Return how far the tallest letters rise above the baseline (0.8 em for the Noto faces, less accents)."""
    return size * 0.8


def block_height(n: int, size: float, leading: float) -> float:
    """Return the height of `n` lines drawn by draw_lines: ascent, n-1 leadings, and the descent."""
    return 0.0 if n == 0 else ascent(size) + (n - 1) * leading + size * 0.22
