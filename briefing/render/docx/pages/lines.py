"""Where LibreOffice breaks a paragraph's lines: characters as atoms, break opportunities, tabs, autospacing.

Owns the line breaking of the Word layout, as LibreOffice 7 does it: lines
break where Unicode line breaking allows (after spaces, between Han
characters, never before closing or after opening punctuation or around
quotes); Han next to Latin letters or digits gets a fifth of an em
(autoSpaceDE/DN); a full-width comma or stop may hang in the margin; a tab's
width depends on where it stands. Must not know styles, XML or pages.

These rules are deliberately not briefing.typeset's: that module sets the PDF
as we want Chinese set (a quarter-em Han-Latin gap, a line end squeezed by
half a mark, URLs and phone numbers kept whole, its own kinsoku classes);
this one predicts what LibreOffice does with the Word file, which the
contents' page numbers must match. Sharing the rules would change them.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from operator import attrgetter

from briefing.render.docx.pages.faces import Face

EPS = 0.01
AUTOSPACE = 0.2  # Han next to Latin letters or digits: this much of an em between them
HANGING = {"\u3001", "\u3002", "\uff0c", "\uff0e"}  # 、。，． may hang in the right margin

_OPEN = set("([{\u2018\u201c\u00ab\u3008\u300a\u300c\u300e\u3010\u3014\u3016\u3018\u301a\uff08\uff3b\uff5b"
            "\uff5f\uff62$\u00a3\u00a5\u20ac\uffe5\uffe1")
_CLOSE = set(")]}\u3001\u3002\u3009\u300b\u300d\u300f\u3011\u3015\u3017\u3019\u301b\uff09\uff0c\uff0e\uff3d"
             "\uff5d\uff60\uff63\uff1a\uff1b\uff01\uff1f!?,.:;%\u2030\u2103\u00b0\u2019\u201d\u00bb\u2026\u30fc"
             "\u3005\u309d\u309e\u30fd\u30fe\uff05\u00b7\u30fb\u2032\u2033")
_ZERO_WIDTH = set("\u200b\u200c\u200d\u2060\ufeff")  # zero-width space, non-joiner, joiner, word joiners
_QUOTES = set("\"'\u201c\u201d\u2018\u2019")


def _asian(ch: str) -> bool:
    """Return whether `ch` is set in the East Asian face (Han, kana, CJK punctuation, full-width forms)."""
    o = ord(ch)
    return (0x2E80 <= o <= 0x9FFF or 0xAC00 <= o <= 0xD7AF or 0xF900 <= o <= 0xFAFF or 0xFE30 <= o <= 0xFE4F
            or 0xFF00 <= o <= 0xFFEF or o >= 0x20000)


def _ideograph(ch: str) -> bool:
    """Return whether `ch` is an East Asian letter (not punctuation): what autospacing sets apart from Latin."""
    return _asian(ch) and unicodedata.category(ch).startswith("L")


def _alnum(ch: str) -> bool:
    return not _asian(ch) and (ch.isalnum() or ch in "&@#_")


_CLASSES: dict[str, tuple[bool, bool]] = {}  # a character -> (_ideograph, _alnum); a text repeats its characters


def _classes(ch: str) -> tuple[bool, bool]:
    got = _CLASSES.get(ch)
    if got is None:
        got = _CLASSES[ch] = (_ideograph(ch), _alnum(ch))
    return got


@dataclass(slots=True)
class _Atom:
    """One character (or picture, tab, break) of a paragraph, as line breaking sees it."""

    ch: str
    width: float
    ascent: float
    descent: float
    size: float = 0.0
    kind: str = "char"  # "char", "tab", "break" (w:br), "object" (a picture), "label" (a list's bullet)
    tab: tuple | None = None  # a tab's stops (position, alignment) and default interval


_PAIRS: dict[str, bool] = {}  # two characters -> whether a line may break between them (pairs repeat)


def _can_break(a: _Atom, b: _Atom) -> bool:
    """Return whether a line may break between atoms `a` and `b` (Unicode line breaking, simplified)."""
    if a.kind == "char" and b.kind == "char":  # then the characters alone decide
        pair = a.ch + b.ch
        got = _PAIRS.get(pair)
        if got is None:
            if len(_PAIRS) > 200_000:  # a long run of many texts: start again rather than grow without end
                _PAIRS.clear()
            got = _PAIRS[pair] = _breakable(a, b)
        return got
    return _breakable(a, b)


def _breakable(a: _Atom, b: _Atom) -> bool:
    if a.kind in ("break", "label") or b.kind == "break":
        return False
    x, y = a.ch, b.ch
    if y == " " or y in _CLOSE:  # breaks come after spaces; nothing closing starts a line
        return False
    if x == " ":
        return True
    if x in _QUOTES or y in _QUOTES or x in _OPEN:  # quotes stick to both sides; nothing opening ends a line
        return False
    if a.kind in ("object", "tab") or b.kind in ("object", "tab"):
        return True
    if x in "-\u2010" and y.isdigit():
        return False
    if x in "-\u2010\u2013\u2014/":
        return True
    if _alnum(x) and _alnum(y) or y in "-\u2010\u2026":
        return False
    return _asian(x) or _asian(y)


@dataclass
class Line:
    """A line of a paragraph: its ascent and descent (what stands on it), width and text."""

    ascent: float
    descent: float
    width: float
    text: str
    body: float  # the height of its text alone, a list label aside
    broken: bool = False  # ended by a line break (w:br)


def break_lines(atoms: list[_Atom], widths: tuple[float, float],
                mark: tuple[float, float]) -> list[Line]:
    """Break a paragraph's atoms into lines `widths` wide (first line, others).

    `mark` is the paragraph mark's ascent and descent: the height of an empty line.
    """
    lines = []
    n, i = len(atoms), 0
    if n == 0:
        return [Line(mark[0], mark[1], 0.0, "", mark[0] + mark[1])]
    # whether a line may break before each atom, asked once: a line set again from its last break asks again
    before = [False] + [_can_break(a, b) for a, b in zip(atoms, atoms[1:])]
    while i < n:
        limit = (widths[0] if not lines else widths[1]) + EPS
        x, j, last_break, last_x = 0.0, i, None, 0.0  # a break opportunity and the width before it
        hard = False
        while j < n:
            a = atoms[j]
            kind = a.kind
            if kind == "break":
                hard = True
                break
            w = a.width if kind != "tab" else _advance(atoms, j, x)
            if j > i and before[j]:
                last_break, last_x = j, x
            if x + w > limit and a.ch != " " and j > i:
                if a.ch in HANGING and (j + 1 >= n or atoms[j + 1].ch != " "):
                    # a full-width comma or stop hangs; the line ends after it if a break is allowed there
                    if j + 1 >= n or before[j + 1]:
                        j += 1
                        x += w
                        break
                if last_break is not None:  # else nowhere to break: the word is cut at the margin
                    j, x = last_break, last_x
                break
            x += w
            j += 1
        end = j
        if end == i and not hard:  # a single atom wider than the line
            end = i + 1
        chunk = atoms[i:end]
        text = [a for a in chunk if a.kind != "label"]
        body = max(map(_ASCENT, text), default=mark[0]) + max(map(_DESCENT, text), default=mark[1])
        lines.append(Line(max(map(_ASCENT, chunk), default=mark[0]), max(map(_DESCENT, chunk), default=mark[1]), x,
                          "".join(map(_CH, chunk)), body, hard))
        i = end
        if hard:
            if i < n and atoms[i].kind == "break":
                i += 1
            if i >= n:  # a break at the very end leaves an empty last line
                lines.append(Line(atoms[i - 1].ascent, atoms[i - 1].descent, 0.0, "",
                                  atoms[i - 1].ascent + atoms[i - 1].descent))
        while i < n and atoms[i].ch == " " and not hard:  # spaces at a break vanish
            i += 1
    return lines


_ASCENT, _DESCENT, _CH = attrgetter("ascent"), attrgetter("descent"), attrgetter("ch")


def _advance(atoms: list[_Atom], j: int, x: float) -> float:
    """Return the width of atom `j` starting at `x` (a tab's depends on where it stands)."""
    a = atoms[j]
    if a.kind != "tab":
        return a.width
    stops, interval = a.tab
    for pos, align in stops:
        if pos > x + EPS:
            if align in ("right", "end"):
                following = 0.0
                for b in atoms[j + 1:]:
                    if b.kind in ("tab", "break"):
                        break
                    following += b.width
                return max(0.0, pos - x - following)
            return pos - x
    return interval - (x % interval) if interval > 0 else 0.0


def _glyph(shown: str, latin: Face, east: Face, size: float, extra: float) -> tuple[float, float, float, float]:
    """Return the advance (with the run's letter spacing), ascent, descent and size of character `shown` in a run."""
    f = east if _asian(shown) else latin
    if shown in _ZERO_WIDTH:  # LibreOffice sets these with no width, whatever the face's advance
        return (0.0, *f.extent(size), size)
    w = f.width(shown)
    if w is None:  # the face lacks it: the other one stands in, as LibreOffice's fallback
        other = latin if f is east else east
        w = other.width(shown)
        f = other if w is not None else f
        w = w if w is not None else (1.0 if _asian(shown) else 0.5)
    return (w * size + extra, *f.extent(size), size)


def _autospace(atoms: list[_Atom], on: tuple[bool, bool]) -> None:
    """Widen the boundaries between Han and Latin letters (`on[0]`) or digits (`on[1]`) by a fifth of an em."""
    if not any(on):
        return
    for a, b in zip(atoms, atoms[1:]):
        if a.kind != "char" or b.kind != "char":
            continue
        x, y = _CLASSES.get(a.ch) or _classes(a.ch), _CLASSES.get(b.ch) or _classes(b.ch)
        if x[0]:  # the other of an ideograph and a Latin letter or digit
            other, alnum = b.ch, y[1]
        elif y[0]:
            other, alnum = a.ch, x[1]
        else:
            continue
        if alnum and on[1 if other.isdigit() else 0]:
            a.width += AUTOSPACE * max(a.size, b.size)
