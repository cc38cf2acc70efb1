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
from reportlab.pdfbase.ttfonts import TTFont

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
    name = rl_name(key)
    pdfmetrics.registerFont(TTFont(name, str(font_path(key))))
    return name


@lru_cache(maxsize=None)
def coverage(key: str) -> frozenset[int]:
    """Return the code points face `key` has a glyph for.

    Read straight from the font's cmap table (a few milliseconds), so checking
    content does not cost a full ReportLab registration of every face.
    """
    try:
        return _cmap_coverage(Path(font_path(key)).read_bytes())
    except (ValueError, struct.error):  # a cmap layout we do not read: ask ReportLab
        register(key)
        return frozenset(pdfmetrics.getFont(rl_name(key)).face.charToGlyph)


def _cmap_coverage(data: bytes) -> frozenset[int]:
    """Return the code points a TrueType file maps to a glyph (cmap format 12, else format 4)."""
    tables = struct.unpack_from(">H", data, 4)[0]
    offset = next((struct.unpack_from(">I", data, 12 + 16 * i + 8)[0] for i in range(tables)
                   if data[12 + 16 * i:16 + 16 * i] == b"cmap"), None)
    if offset is None:
        raise ValueError("no cmap table")
    count = struct.unpack_from(">H", data, offset + 2)[0]
    subtables = {}
    for i in range(count):
        platform, encoding, sub = struct.unpack_from(">HHI", data, offset + 4 + 8 * i)
        fmt = struct.unpack_from(">H", data, offset + sub)[0]
        subtables[(platform, encoding, fmt)] = offset + sub
    twelve = subtables.get((3, 10, 12)) or subtables.get((0, 4, 12))
    if twelve is not None:
        groups = struct.unpack_from(">I", data, twelve + 12)[0]
        codes: set[int] = set()
        for g in range(groups):
            start, end, glyph = struct.unpack_from(">III", data, twelve + 16 + 12 * g)
            codes.update(range(start + (glyph == 0), end + 1))
        return frozenset(codes)
    four = subtables.get((3, 1, 4)) or subtables.get((0, 3, 4))
    if four is None:
        raise ValueError("no Unicode cmap of format 4 or 12")
    segments = struct.unpack_from(">H", data, four + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", data, four + 14)
    starts = struct.unpack_from(f">{segments}H", data, four + 16 + 2 * segments)
    deltas = struct.unpack_from(f">{segments}h", data, four + 16 + 4 * segments)
    range_at = four + 16 + 6 * segments
    range_offsets = struct.unpack_from(f">{segments}H", data, range_at)
    codes = set()
    for i in range(segments):
        for code in range(starts[i], ends[i] + 1):
            if code == 0xFFFF:
                continue
            if range_offsets[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                at = range_at + 2 * i + range_offsets[i] + 2 * (code - starts[i])
                glyph = struct.unpack_from(">H", data, at)[0]
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                codes.add(code)
    return frozenset(codes)


def covers(key: str, char: str) -> bool:
    """Return whether face `key` has a glyph for `char`."""
    return ord(char) in coverage(key)
