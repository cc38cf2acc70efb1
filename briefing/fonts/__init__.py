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

from briefing.fonts.spaced import STANDS_FOR, widen_subset

FONT_DIR = Path(__file__).parent


BFCHAR_BLOCK = 100  # the most mappings one beginbfchar ... endbfchar block may hold (Adobe TN 5014, 5099)


def _to_unicode_cmap(fontname, subset):
    """Return the ToUnicode CMap of a ReportLab subset: code i -> subset[i], as UTF-16BE, in blocks of 100.

    ReportLab's own (makeToUnicodeCMap) differs in three ways that cost the text:
    - it writes each code point as <%04X>, which for the 196 characters of the
      General Standard table outside the BMP (such as 𬌗) gives five hex digits
      that PDF readers misread; the PDF reference asks for UTF-16BE;
    - it puts all of a subset's (up to 256) mappings in one beginbfchar block,
      where the CMap specification allows at most 100. Most readers take it all
      the same, but Ghostscript 10 drops such a ToUnicode map, so after
      `gs -sDEVICE=pdfwrite` (print shops' and "optimise" tools' step) the text
      of every subset over 100 characters copies out as garbage;
    - a glyph drawn with the space after it (fonts/spaced.py) is written back
      as the character it draws;
    - it maps code 0 (ReportLab's .notdef slot, never drawn) to U+0000, and
      its code space ends at the subset's last code; here code 0 is left out
      and the code space is the whole byte, as for any simple font.
    """
    pairs = [(i, STANDS_FOR.get(code, code)) for i, code in enumerate(subset) if i and code]
    lines = [
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        "<< /Registry (Adobe)", "/Ordering (UCS)", "/Supplement 0", ">> def",
        f"/CMapName /{fontname.replace(' ', '')}-UCS def", "/CMapType 2 def",
        "1 begincodespacerange", "<00> <FF>", "endcodespacerange",
    ]
    for start in range(0, len(pairs), BFCHAR_BLOCK):
        block = pairs[start:start + BFCHAR_BLOCK]
        lines.append(f"{len(block)} beginbfchar")
        lines += [f"<{i:02X}> <{chr(code).encode('utf-16-be').hex().upper()}>" for i, code in block]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


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
    font = load_font(name, font_path(key))
    make_subset = font.face.makeSubset
    font.face.makeSubset = lambda subset: widen_subset(make_subset(subset), subset)  # fonts/spaced.py
    pdfmetrics.registerFont(font)
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


@lru_cache(maxsize=64)
def covered_by_every(stacks: tuple[tuple[str, ...], ...]) -> frozenset[int]:
    """Return the code points each of `stacks` (tuples of face keys) has a glyph for in one of its faces.

    A text checked against several stacks (serif and sans, regular and bold) must
    be set in all of them: the intersection, built once per set of stacks.
    """
    return frozenset.intersection(*(frozenset().union(*(coverage(key) for key in stack)) for stack in stacks))


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
        count = struct.unpack_from('>I', cmap, at + 12)[0]
        if count > (len(cmap) - at - 16) // 12:  # more groups than the table holds
            return None
        groups = struct.unpack_from(f">{3 * count}I", cmap, at + 16)
        starts, ends = groups[::3], groups[1::3]
        if any(end < start or end > MAX_CODE for start, end in zip(starts, ends)) \
                or sum(ends) - sum(starts) + len(starts) > MAX_CODE + 1:  # codes claimed beyond Unicode
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


MAX_CODE = 0x10FFFF
MAX_FONT_BYTES = 64 * 1024 * 1024
MAX_TABLES = 64


def font_problem(path: Path) -> str | None:
    """Return why the file at `path` cannot be a brand's face (not TrueType, damaged, too large), or None.

    Checked before ReportLab reads it: the signature (TrueType outlines only), the
    table directory (each table inside the file) and the character map (no more
    codes than Unicode has), so a crafted font cannot make the reader grow.
    """
    from briefing.safeio import Unreadable, read_limited

    try:
        data = read_limited(path, MAX_FONT_BYTES, "font files")
    except Unreadable as exc:
        return str(exc)
    head = data[:4]
    if head == b"OTTO":
        return ("is an OpenType font with PostScript (CFF) outlines; the PDF renderer needs TrueType outlines: "
                "use the .ttf version of the face")
    if head == b"ttcf":
        return "is a font collection (.ttc); use a single face saved as .ttf"
    if head not in (b"\x00\x01\x00\x00", b"true"):
        return "is not a TrueType font (.ttf)"
    try:
        tables = struct.unpack_from(">H", data, 4)[0]
        if not 1 <= tables <= MAX_TABLES:
            return f"is damaged (it claims {tables} tables)"
        directory = {}
        for i in range(tables):
            tag, _, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * i)
            if offset + length > len(data):
                return f"is damaged (its {tag.decode('latin-1')!r} table lies beyond the end of the file)"
            directory[tag] = (offset, length)
        if b"cmap" not in directory or b"glyf" not in directory:
            return "is not a TrueType font with outlines (no cmap or glyf table)"
        _cmap_coverage(data)
        damage = _tables_problem(data, directory)
        if damage:
            return f"is damaged: {damage}"
    except (struct.error, ValueError):
        return ("is damaged: its character map (cmap) is missing, of a kind not read here, or claims more codes "
                "than Unicode has")
    try:
        TTFont("Briefing-check", str(path))
    except Exception as exc:  # ReportLab's TTFError and the struct errors of a damaged file
        return f"cannot be read as a TrueType font: {str(exc)[:120]}"
    return None


def _tables_problem(data: bytes, directory: dict[bytes, tuple[int, int]]) -> str | None:
    """Return what is wrong with the tables that place and size the glyphs (head, maxp, loca, hhea, hmtx), or None.

    ReportLab reads them only when it subsets the face, in the middle of a build:
    a glyph location beyond the outlines, or a size of 1 unit per em (every glyph
    a thousand ems wide), is named here instead.
    """
    for tag in (b"head", b"maxp", b"loca", b"hhea", b"hmtx"):
        if tag not in directory:
            return f"it has no {tag.decode()!r} table"
    head, maxp, loca = (directory[t] for t in (b"head", b"maxp", b"loca"))
    hhea, hmtx, glyf = directory[b"hhea"], directory[b"hmtx"], directory[b"glyf"]
    if head[1] < 54 or maxp[1] < 6 or hhea[1] < 36:
        return "its head, maxp or hhea table is too short"
    units, long_offsets = struct.unpack_from(">H", data, head[0] + 18)[0], struct.unpack_from(">h", data, head[0] + 50)[0]
    if not 16 <= units <= 16384:
        return f"it claims {units} units per em (a font has 16 to 16384)"
    if long_offsets not in (0, 1):
        return f"its glyph locations are of an unknown kind ({long_offsets})"
    glyphs = struct.unpack_from(">H", data, maxp[0] + 4)[0]
    size = 4 if long_offsets else 2
    if glyphs == 0 or loca[1] < (glyphs + 1) * size:
        return f"it claims {glyphs} glyphs and its location table holds fewer"
    offsets = struct.unpack_from(f">{glyphs + 1}{'I' if long_offsets else 'H'}", data, loca[0])
    scale = 1 if long_offsets else 2
    if any(b < a for a, b in zip(offsets, offsets[1:])) or offsets[-1] * scale > glyf[1]:
        return "its glyph locations point beyond its outlines"
    metrics = struct.unpack_from(">H", data, hhea[0] + 34)[0]
    if not 1 <= metrics <= glyphs or hmtx[1] < 4 * metrics + 2 * (glyphs - metrics):
        return f"its metrics table is shorter than its {glyphs} glyphs need"
    return None


def covers(key: str, char: str) -> bool:
    """Return whether face `key` has a glyph for `char`."""
    return ord(char) in coverage(key)
