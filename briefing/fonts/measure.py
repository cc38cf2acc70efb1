"""The width of a line of text set in a stack of faces, as both renderers set it: ReportLab's advances.

Each character is set in the first face of the stack that has it (a space stays
in the face of the text before it when that face has one), the rule of the PDF's
line breaker (typeset/metrics.py) and of the Word files, which embed the same
faces. Used by the fit check (checks/fit.py), the brand's own texts
(brand/file.py) and the Word card's value (render/docx/tables.py).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Sequence

from reportlab.pdfbase import pdfmetrics

from briefing.fonts import coverage, register


@lru_cache(maxsize=64)
def _stack(keys: tuple[str, ...]) -> tuple[tuple[str, frozenset[int]], ...]:
    return tuple((register(key), coverage(key)) for key in keys)


def runs(text: str, keys: Sequence[str]) -> list[tuple[str, str]]:
    """Return `text` as (text, ReportLab font name) runs, each in the first face of `keys` that has it."""
    stack = _stack(tuple(keys))
    out: list[tuple[str, str]] = []
    current: tuple[str, frozenset[int]] | None = None
    for ch in text:
        code = ord(ch)
        if not (ch.isspace() and current is not None and code in current[1]):
            current = next((face for face in stack if code in face[1]), stack[0])
        if out and out[-1][1] == current[0]:
            out[-1] = (out[-1][0] + ch, current[0])
        else:
            out.append((ch, current[0]))
    return out


def width(text: str, keys: Sequence[str], size: float) -> float:
    """Return the advance of `text` set at `size` points in the stack of faces `keys`, in points."""
    return sum(pdfmetrics.stringWidth(run, font, size) for run, font in runs(text, keys))


def longest_word(text: str, keys: Sequence[str], size: float) -> tuple[str, float]:
    """Return the widest piece of `text` between spaces and its width (a line breaker cannot break inside it).

    Chinese breaks between any two characters, so only runs of other letters count.
    """
    best, best_w = "", 0.0
    for word in text.split():
        for piece in _latin_pieces(word):
            w = width(piece, keys, size)
            if w > best_w:
                best, best_w = piece, w
    return best, best_w


def _latin_pieces(word: str) -> list[str]:
    """Return the pieces of `word` that cannot break: split at wide (CJK) characters and after hyphens and slashes."""
    return _pieces(word, keep_wide=False, after="-/\u2013")


def line_count(text: str, keys: Sequence[str], size: float, room: float) -> int:
    """Return how many lines `text` takes set at `size` in lines `room` wide, breaking as a line breaker would.

    Between words and between any two Chinese characters; a word wider than a
    line is cut. An estimate of the renderers' breaking (no kinsoku, no
    squeezing), used to tell how much of a fixed box a wrapping text fills.
    """
    if not text.strip():
        return 0
    space = width(" ", keys, size)
    lines, used = 1, 0.0
    for word in text.split():
        for k, piece in enumerate(_breakable(word)):
            w = width(piece, keys, size)
            gap = space if used and k == 0 else 0.0
            if used and used + gap + w > room:
                lines, used, gap = lines + 1, 0.0, 0.0
            while w > room > 0:  # cut where the line ends
                lines, w = lines + 1, w - room
            used += gap + w
    return lines


def _wide(ch: str) -> bool:
    return 0x2E80 <= ord(ch) <= 0x9FFF or 0xF900 <= ord(ch) <= 0xFAFF or 0xFF00 <= ord(ch) <= 0xFFEF \
        or 0x3000 <= ord(ch) <= 0x303F


def _breakable(word: str) -> list[str]:
    """Return `word` in the pieces a line may break between: each wide character alone, other runs whole."""
    return _pieces(word, keep_wide=True)


def _pieces(word: str, keep_wide: bool, after: str = "") -> list[str]:
    """Return `word` split at its wide characters (each kept alone if `keep_wide`, else dropped) and after any
    character of `after`."""
    pieces, cur = [], ""
    for ch in word:
        if _wide(ch):
            if cur:
                pieces.append(cur)
            if keep_wide:
                pieces.append(ch)
            cur = ""
            continue
        cur += ch
        if ch in after:
            pieces.append(cur)
            cur = ""
    if cur:
        pieces.append(cur)
    return pieces
