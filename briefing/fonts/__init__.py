"""Font files shipped with the package, their registration and glyph coverage.

Each face has a key ("serif-sc", "sans-sc-bold", "serif", ...). ReportLab needs
TrueType outlines, so the CJK faces are Noto Serif/Sans CJK SC converted to
TrueType and subset by scripts/build_fonts.py; the Latin faces are Noto Serif
and Noto Sans, subset the same way. All are under the SIL Open Font License
(OFL.txt beside this file).
"""
from __future__ import annotations

import struct
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts

FONT_DIR = Path(__file__).parent
_reportlab_to_unicode = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname, subset):
    """Return ReportLab's ToUnicode CMap with characters beyond the BMP written as UTF-16.

    ReportLab writes each code point as <%04X>, which for the 196 characters of
    the General Standard table outside the BMP (such as 𬌗) gives five hex digits
    that PDF readers misread: the glyphs print, but copied text is wrong. The
    PDF reference asks for UTF-16BE, which is what this writes.
    """
    cmap = _reportlab_to_unicode(fontname, subset)
    for code in subset:
        if code > 0xFFFF:
            cmap = cmap.replace(f"<{code:04X}>", "<" + chr(code).encode("utf-16-be").hex().upper() + ">")
    return cmap


ttfonts.makeToUnicodeCMap = _to_unicode_cmap

# key -> (file name, family name as Word and LibreOffice know it, bold?)
FACES: dict[str, tuple[str, str, bool]] = {
    "serif-sc": ("NotoSerifSC-Regular.ttf", "Noto Serif CJK SC", False),
    "serif-sc-bold": ("NotoSerifSC-Bold.ttf", "Noto Serif CJK SC", True),
    "sans-sc": ("NotoSansSC-Regular.ttf", "Noto Sans CJK SC", False),
    "sans-sc-bold": ("NotoSansSC-Bold.ttf", "Noto Sans CJK SC", True),
    "serif": ("NotoSerif-Regular.ttf", "Noto Serif", False),
    "serif-bold": ("NotoSerif-Bold.ttf", "Noto Serif", True),
    "sans": ("NotoSans-Regular.ttf", "Noto Sans", False),
    "sans-bold": ("NotoSans-Bold.ttf", "Noto Sans", True),
}


def font_path(key: str) -> Path:
    """Return the path of the face `key`; raise KeyError naming the known keys."""
    if key not in FACES:
        raise KeyError(f"unknown font {key!r}; known: {', '.join(FACES)}")
    return FONT_DIR / FACES[key][0]  # an absolute path for faces a brand adds


def add_face(key: str, regular: Path, family: str, bold: Path | None = None) -> None:
    """Make a brand's own TrueType face (and its bold, `key`-bold) available by key."""
    FACES[key] = (str(Path(regular).resolve()), family, False)
    FACES[f"{key}-bold"] = (str(Path(bold or regular).resolve()), family, True)


def rl_name(key: str) -> str:
    """Return the name under which face `key` is registered with ReportLab."""
    return "Briefing-" + key


def family_name(key: str) -> str:
    """Return the family name a word processor uses for face `key`."""
    return FACES[key][1]


@lru_cache(maxsize=None)
def register(key: str) -> str:
    """Register face `key` with ReportLab (once) and return its ReportLab name."""
    from briefing.fonts.cache import load_font  # parsed once per face file, then read from the user's cache

    name = rl_name(key)
    pdfmetrics.registerFont(load_font(name, font_path(key)))
    return name


@lru_cache(maxsize=None)
def coverage(key: str) -> frozenset[int]:
    """Return the code points face `key` has a glyph for.

    Read straight from the font's cmap table (a few milliseconds), so checking
    content does not cost a full ReportLab registration of every face.
    """
    from briefing.fonts.cache import load_coverage  # read once per face file, then from the user's cache

    try:
        return load_coverage(font_path(key), _cmap_coverage)
    except (ValueError, struct.error):  # a cmap layout we do not read: ask ReportLab
        register(key)
        return frozenset(pdfmetrics.getFont(rl_name(key)).face.charToGlyph)


def _cmap_coverage(data: bytes) -> frozenset[int]:
    """Return the code points a TrueType file maps to a glyph (cmap format 12, else format 4)."""
    tables = struct.unpack_from(">H", data, 4)[0]
    entry = next((12 + 16 * i for i in range(tables) if data[12 + 16 * i:16 + 16 * i] == b"cmap"), None)
    if entry is None:
        raise ValueError("no cmap table")
    offset, length = struct.unpack_from(">II", data, entry + 8)
    cmap = data[offset:offset + length]
    count = struct.unpack_from(">H", cmap, 2)[0]
    subtables = {}
    for i in range(count):
        platform, encoding, sub = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
        subtables[(platform, encoding, struct.unpack_from(">H", cmap, sub)[0])] = sub
    at = next((subtables[k] for k in ((3, 10, 12), (0, 4, 12), (3, 1, 4), (0, 3, 4)) if k in subtables), None)
    decoded = cmap_glyphs(cmap, at) if at is not None else None
    if decoded is None:
        raise ValueError("no Unicode cmap of format 4 or 12")
    return frozenset(code for code, glyph in decoded[0].items() if glyph and code != 0xFFFF)


def cmap_glyphs(cmap: bytes, at: int) -> tuple[dict[int, int], int] | None:
    """Return the glyph of each code in the cmap subtable at `at` and how many codes its ranges span.

    Formats 12 and 4 only (None for others); a glyph of 0 means "no glyph". The
    span lets a caller notice codes mapped twice. Used for glyph coverage here and
    for glyph widths in the Word layout (render/docx/pages/).
    """
    fmt = struct.unpack_from(">H", cmap, at)[0]
    glyph_of: dict[int, int] = {}
    if fmt == 12:
        groups = struct.unpack_from(f">{3 * struct.unpack_from('>I', cmap, at + 12)[0]}I", cmap, at + 16)
        starts, ends = groups[::3], groups[1::3]
        if any(end < start for start, end in zip(starts, ends)):
            return None
        for start, end, first in zip(starts, ends, groups[2::3]):
            glyph_of.update(zip(range(start, end + 1), range(first, first + end - start + 1)))
        return glyph_of, sum(ends) - sum(starts) + len(starts)
    if fmt != 4:
        return None
    limit = at + struct.unpack_from(">H", cmap, at + 2)[0]
    segments = struct.unpack_from(">H", cmap, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", cmap, at + 14)
    starts = struct.unpack_from(f">{segments}H", cmap, at + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", cmap, at + 16 + 4 * segments)
    range_at = at + 16 + 6 * segments
    range_offsets = struct.unpack_from(f">{segments}H", cmap, range_at)
    spanned = 0
    for n in range(segments):
        for code in range(starts[n], ends[n] + 1):
            if range_offsets[n] == 0:
                glyph = (code + deltas[n]) & 0xFFFF
            else:
                offset = range_at + 2 * n + range_offsets[n] + 2 * (code - starts[n])
                glyph = 0 if offset >= limit else struct.unpack(">H", cmap[offset:offset + 2])[0]
                glyph = (glyph + deltas[n]) & 0xFFFF if glyph else 0
            glyph_of[code] = glyph
        spanned += max(0, ends[n] + 1 - starts[n])
    return glyph_of, spanned


def covers(key: str, char: str) -> bool:
    """Return whether face `key` has a glyph for `char`."""
    return ord(char) in coverage(key)
