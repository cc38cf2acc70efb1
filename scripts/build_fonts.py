#!/usr/bin/env python3
"""Build the font files shipped in briefing/fonts/ (maintainers only).

Users never run this: the faces it writes are committed and installed as
package data, so `pip install` alone brings them. Run it again only to
change the character set or move to newer Noto releases.

What it does
------------
* CJK faces (NotoSerifSC-*.ttf, NotoSansSC-*.ttf): takes the "SC" member of
  Debian's Noto Serif/Sans CJK collections (found by its PostScript name, not
  by a fixed index), subsets it to the character set below, converts the
  CFF (cubic) outlines to TrueType (quadratic) outlines with fontTools' cu2qu,
  since ReportLab reads only TrueType outlines, and writes glyf/loca, a
  version 1.0 maxp and a format 3 post table (no glyph names).
* Latin faces (NotoSerif-*.ttf, NotoSans-*.ttf): Debian's static Noto Serif
  and Noto Sans (instanced at wght 400/700 first if a release ever ships them
  as variable fonts), subset to Latin and common symbols; GPOS kerning is kept.
  Arrows, mathematical operators (−, ≤), geometric shapes (▲ ▼) and circled
  numbers, which they lack, are copied in from Noto Sans Symbols, Noto Sans
  Math and Noto Sans Symbols 2 (SYMBOL_DONORS).
* OFL.txt: the copyright and trademark notices from the sources' name tables,
  then the OFL 1.1 text from Debian's /usr/share/doc/fonts-noto-cjk/copyright.
* Hinting is dropped everywhere. Family names (nameID 1) and PostScript names
  (nameID 6) stay those of the sources; nameID 5 (version) gets a note that
  the face was modified. head.created/modified keep the sources' values, so
  the same inputs give the same bytes on every run (`--check` verifies this).

CJK character set: the 8105 characters of the Table of General Standard
Chinese Characters (通用规范汉字表, 2013), read from the Unihan database's
kTGH field (Debian package unicode-data), plus everything in GB 2312, plus
the Latin, punctuation and symbol blocks in CJK_RANGES, as far as the font
has them.

Requirements (build machine only)
---------------------------------
Debian packages: fonts-noto-cjk, fonts-noto-core, unicode-data
  apt-get install fonts-noto-cjk fonts-noto-core unicode-data
PyPI: fonttools (pip install 'fonttools>=4.47', the project's "fonts" extra)

Usage
-----
  python scripts/build_fonts.py            # write briefing/fonts/*.ttf
  python scripts/build_fonts.py --check    # rebuild in memory, compare bytes
  python scripts/build_fonts.py --only NotoSansSC-Bold.ttf
"""
from __future__ import annotations

import argparse
import bz2
import hashlib
import io
import sys
import time
import zipfile
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "briefing" / "fonts"

CJK_DIR = Path("/usr/share/fonts/opentype/noto")
LATIN_DIR = Path("/usr/share/fonts/truetype/noto")
UNIHAN_DIR = Path("/usr/share/unicode")

# output file -> (source file, PostScript name of the member to take, family)
CJK_FACES = {
    "NotoSerifSC-Regular.ttf": ("NotoSerifCJK-Regular.ttc", "NotoSerifCJKsc-Regular", "Noto Serif CJK SC"),
    "NotoSerifSC-Bold.ttf": ("NotoSerifCJK-Bold.ttc", "NotoSerifCJKsc-Bold", "Noto Serif CJK SC"),
    "NotoSansSC-Regular.ttf": ("NotoSansCJK-Regular.ttc", "NotoSansCJKsc-Regular", "Noto Sans CJK SC"),
    "NotoSansSC-Bold.ttf": ("NotoSansCJK-Bold.ttc", "NotoSansCJKsc-Bold", "Noto Sans CJK SC"),
}
# output file -> (source file, expected PostScript name, family, weight)
LATIN_FACES = {
    "NotoSerif-Regular.ttf": ("NotoSerif-Regular.ttf", "NotoSerif-Regular", "Noto Serif", 400),
    "NotoSerif-Bold.ttf": ("NotoSerif-Bold.ttf", "NotoSerif-Bold", "Noto Serif", 700),
    "NotoSans-Regular.ttf": ("NotoSans-Regular.ttf", "NotoSans-Regular", "Noto Sans", 400),
    "NotoSans-Bold.ttf": ("NotoSans-Bold.ttf", "NotoSans-Bold", "Noto Sans", 700),
}

# Blocks kept in every face (as far as the source font has them).
COMMON_RANGES = [
    (0x0020, 0x007E),  # Basic Latin
    (0x00A0, 0x00FF),  # Latin-1 Supplement (·, ×, ÷, °, ...)
    (0x0100, 0x017F),  # Latin Extended-A
    (0x0180, 0x024F),  # Latin Extended-B (pinyin ǎ ǐ ǒ ǔ ǖ ǘ ǚ ǜ)
    (0x0250, 0x02AF),  # IPA Extensions (pinyin ɑ ɡ)
    (0x02B0, 0x02FF),  # Spacing Modifier Letters (ˇ ˉ ˊ ˋ ˙)
    (0x0300, 0x036F),  # Combining Diacritical Marks
    (0x0370, 0x03FF),  # Greek (α, β, μ, Ω in figures)
    (0x1E00, 0x1EFF),  # Latin Extended Additional (ḿ, Vietnamese)
    (0x2000, 0x206F),  # General Punctuation (‘ ’ “ ” — – … ‰ •)
    (0x2070, 0x209F),  # Superscripts and Subscripts
    (0x20A0, 0x20CF),  # Currency Symbols (€, ₩, ₹, ...)
    (0x2100, 0x214F),  # Letterlike Symbols (℃, №, ™)
    (0x2150, 0x218F),  # Number Forms (⅓, Ⅰ Ⅱ Ⅲ)
    (0x2190, 0x21FF),  # Arrows
    (0x2200, 0x22FF),  # Mathematical Operators (≤ ≥ ≈ ≠ ±)
    (0x2460, 0x24FF),  # Enclosed Alphanumerics (① ② ③, ⑴, ⒈)
    (0x2500, 0x257F),  # Box Drawing
    (0x25A0, 0x25FF),  # Geometric Shapes (■ □ ▲ ▼ △ ▽ ● ○ ◆)
    (0x2600, 0x26FF),  # Miscellaneous Symbols (★ ☆ ☑)
    (0x2700, 0x27BF),  # Dingbats (✓ ✔ ✗)
    (0xFB00, 0xFB06),  # Latin ligatures (ﬁ ﬂ)
    (0xFEFF, 0xFEFF),
    (0xFFFD, 0xFFFD),  # replacement character
]
CJK_RANGES = COMMON_RANGES + [
    (0x3000, 0x303F),  # CJK Symbols and Punctuation (、。〈〉《》「」【】〇)
    (0x3100, 0x312F),  # Bopomofo
    (0x3200, 0x32FF),  # Enclosed CJK Letters and Months (㈠ ㈡, ㊀)
    (0x3300, 0x33FF),  # CJK Compatibility (㎡ ㎞ ㎏)
    (0xFE10, 0xFE1F),  # Vertical Forms
    (0xFE30, 0xFE4F),  # CJK Compatibility Forms
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
]
LATIN_RANGES = COMMON_RANGES + [
    (0x0400, 0x045F),  # basic Cyrillic (names in sources)
]

# Noto Serif and Noto Sans 2.004 have no arrows, mathematical operators
# (not even U+2212 MINUS SIGN), geometric shapes (▲ ▼) or circled numbers.
# These are copied into the Latin faces from Noto's own symbol fonts, which
# share their metrics (1000 units/em). Noto Sans Symbols has a bold; Noto
# Sans Math and Noto Sans Symbols 2 exist in one weight only.
# (donor regular, donor bold, code point ranges)
SYMBOL_DONORS = [
    ("NotoSansSymbols-Regular.ttf", "NotoSansSymbols-Bold.ttf", [
        (0x2460, 0x24FF),  # ① ② ③, ⑴, ⒈, Ⓐ
        (0x2776, 0x2793),  # ❶ ❷ ❸
    ]),
    ("NotoSansMath-Regular.ttf", "NotoSansMath-Regular.ttf", [
        (0x2190, 0x21FF),  # ← ↑ → ↓ ⇒
        (0x2200, 0x22FF),  # − ≤ ≥ ≈ ≠ ∞ √
    ]),
    ("NotoSansSymbols2-Regular.ttf", "NotoSansSymbols2-Regular.ttf", [
        (0x25A0, 0x25FF),  # ■ □ ▲ △ ▼ ▽ ● ○ ◆ ◇
        (0x2605, 0x2606),  # ★ ☆
        (0x2610, 0x2612),  # ☐ ☑ ☒
        (0x2713, 0x2718),  # ✓ ✔ ✕ ✖ ✗ ✘
    ]),
]

# GSUB/GPOS features kept. ReportLab ignores layout tables; they are kept for
# other consumers. No 'locl' in the CJK faces: it would pull in the Japanese,
# Korean and traditional-Chinese glyph variants.
CJK_FEATURES = ["kern", "palt", "halt", "vert", "vrt2", "vkrn", "vpal", "vhal"]
LATIN_FEATURES = ["kern", "liga", "ccmp", "locl", "mark", "mkmk", "calt", "clig", "rlig"]

# Tolerance of the cubic-to-quadratic conversion, in font units (1000/em).
CU2QU_MAX_ERR = 1.0

VERSION_NOTE = "; converted to TrueType and subset for Briefing (scripts/build_fonts.py)"
TGH_COUNT = 8105


# ---------------------------------------------------------------- charsets

def _ranges(ranges: list[tuple[int, int]]) -> set[int]:
    return {cp for lo, hi in ranges for cp in range(lo, hi + 1)}


def tgh_chars() -> set[int]:
    """Return the 8105 characters of 通用规范汉字表 (Unihan field kTGH)."""
    candidates = [
        UNIHAN_DIR / "Unihan_OtherMappings.txt.bz2",
        UNIHAN_DIR / "Unihan_OtherMappings.txt",
        UNIHAN_DIR / "Unihan.zip",
    ]
    text = None
    for path in candidates:
        if not path.exists():
            continue
        if path.suffix == ".bz2":
            text = bz2.decompress(path.read_bytes()).decode("utf-8")
        elif path.suffix == ".zip":
            with zipfile.ZipFile(path) as z:
                text = "\n".join(
                    z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".txt")
                )
        else:
            text = path.read_text(encoding="utf-8")
        break
    if text is None:
        sys.exit(f"Unihan data not found in {UNIHAN_DIR}: apt-get install unicode-data")
    chars = set()
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) >= 3 and parts[1] == "kTGH":
            chars.add(int(parts[0][2:], 16))
    if len(chars) != TGH_COUNT:
        sys.exit(f"expected {TGH_COUNT} kTGH characters, found {len(chars)}")
    return chars


def gb2312_chars() -> set[int]:
    """Return every character encoded in GB 2312 (hanzi and symbols)."""
    chars = set()
    for b1 in range(0xA1, 0xF8):
        for b2 in range(0xA1, 0xFF):
            try:
                s = bytes((b1, b2)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            chars.update(map(ord, s))
    return chars


def cjk_charset() -> tuple[set[int], set[int], set[int]]:
    tgh = tgh_chars()
    gb = gb2312_chars()
    return tgh | gb | _ranges(CJK_RANGES), tgh, gb


def latin_charset() -> set[int]:
    return _ranges(LATIN_RANGES)


# ---------------------------------------------------------------- helpers

def _name(font: TTFont, name_id: int) -> str | None:
    rec = font["name"].getName(name_id, 3, 1, 0x409)
    return rec.toUnicode() if rec else None


def open_collection_member(path: Path, ps_name: str) -> TTFont:
    """Open the member of a .ttc whose PostScript name (nameID 6) is ps_name."""
    coll = TTCollection(str(path), lazy=True)
    for index, member in enumerate(coll.fonts):
        if _name(member, 6) == ps_name:
            return TTFont(str(path), fontNumber=index, lazy=False)
    found = [_name(m, 6) for m in coll.fonts]
    sys.exit(f"{path}: no member named {ps_name!r} (found {found})")


def subset_font(font: TTFont, unicodes: set[int], features: list[str]) -> None:
    opts = subset.Options()
    opts.layout_features = features
    opts.name_IDs = ["*"]          # keep copyright, licence (13/14), designer, ...
    opts.name_languages = ["*"]
    opts.name_legacy = False       # drop Macintosh-platform names
    opts.hinting = False
    opts.desubroutinize = True
    opts.notdef_outline = True
    opts.notdef_glyph = True
    opts.glyph_names = False
    opts.legacy_cmap = False
    opts.symbol_cmap = False
    opts.recalc_timestamp = False
    opts.prune_unicode_ranges = True
    opts.ignore_missing_unicodes = True
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=sorted(unicodes))
    sub.subset(font)


def cff_to_glyf(font: TTFont, max_err: float = CU2QU_MAX_ERR) -> None:
    """Replace the CFF outlines of `font` by TrueType quadratic outlines."""
    assert font.sfntVersion == "OTTO" and "CFF " in font
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        tt_pen = TTGlyphPen(None)
        # CFF contours run counter-clockwise, TrueType ones clockwise.
        glyph_set[name].draw(Cu2QuPen(tt_pen, max_err, reverse_direction=True))
        glyphs[name] = tt_pen.glyph()

    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:  # CFF-only table
        del font["VORG"]
    glyf.compile(font)

    # In TrueType the left side bearing must equal the glyph's xMin.
    hmtx = font["hmtx"]
    for name, glyph in glyf.glyphs.items():
        if hasattr(glyph, "xMin"):
            hmtx[name] = (hmtx[name][0], glyph.xMin)

    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.numGlyphs = len(order)
    maxp.maxZones = 1
    maxp.maxTwilightPoints = 0
    maxp.maxStorage = 0
    maxp.maxFunctionDefs = 0
    maxp.maxInstructionDefs = 0
    maxp.maxStackElements = 0
    maxp.maxSizeOfInstructions = 0
    maxp.maxComponentElements = 0
    maxp.maxComponentDepth = 0
    maxp.recalc(font)

    post = font["post"]
    post.formatType = 3.0  # no glyph names: CID names are useless and cost space
    post.extraNames = []
    post.mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"


def add_symbols(font: TTFont, bold: bool) -> list[str]:
    """Copy the SYMBOL_DONORS glyphs `font` lacks into it; return the donors used."""
    cmap = font.getBestCmap()
    glyf, hmtx = font["glyf"], font["hmtx"]
    order = list(font.getGlyphOrder())
    unicode_tables = [t for t in font["cmap"].tables if t.isUnicode() and t.format != 14]
    used = []
    for regular, bold_file, ranges in SYMBOL_DONORS:
        donor_file = bold_file if bold else regular
        donor = TTFont(str(LATIN_DIR / donor_file))
        assert donor["head"].unitsPerEm == font["head"].unitsPerEm
        donor_cmap = donor.getBestCmap()
        donor_glyphs = donor.getGlyphSet()
        added = 0
        for cp in sorted(_ranges(ranges)):
            if cp in cmap or cp not in donor_cmap:
                continue
            src_name = donor_cmap[cp]
            rec = DecomposingRecordingPen(donor_glyphs)
            donor_glyphs[src_name].draw(rec)
            pen = TTGlyphPen(None)
            rec.replay(pen)
            glyph = pen.glyph()
            name = f"uni{cp:04X}" if cp <= 0xFFFF else f"u{cp:05X}"
            assert name not in glyf.glyphs, name
            order.append(name)
            glyf.glyphOrder = order
            glyf[name] = glyph
            glyph.recalcBounds(glyf)
            hmtx[name] = (donor["hmtx"][src_name][0], getattr(glyph, "xMin", 0))
            for table in unicode_tables:
                if cp <= 0xFFFF or table.format in (12, 13):
                    table.cmap[cp] = name
            cmap[cp] = name
            added += 1
        if added:
            used.append(f"{donor_file} ({added})")
    font.setGlyphOrder(order)
    font["maxp"].numGlyphs = len(order)
    font["OS/2"].recalcUnicodeRanges(font)
    return used


def mark_modified(font: TTFont) -> None:
    name = font["name"]
    for rec in list(name.names):
        if rec.nameID == 5:
            text = rec.toUnicode()
            if VERSION_NOTE not in text:
                name.setName(text + VERSION_NOTE, 5, rec.platformID, rec.platEncID, rec.langID)


def to_bytes(font: TTFont, created: int, modified: int) -> bytes:
    font["head"].created = created
    font["head"].modified = modified
    font.recalcTimestamp = False
    buf = io.BytesIO()
    font.save(buf, reorderTables=True)
    return buf.getvalue()


# ---------------------------------------------------------------- licence

OFL_SOURCE = Path("/usr/share/doc/fonts-noto-cjk/copyright")


def ofl_body() -> str:
    """Return the OFL 1.1 text from Debian's machine-readable copyright file."""
    lines = OFL_SOURCE.read_text(encoding="utf-8").splitlines()
    # the last "License: SIL-1.1" line opens the stand-alone licence paragraph
    start = len(lines) - lines[::-1].index("License: SIL-1.1")
    body = []
    for line in lines[start:]:
        if not line.startswith(" "):
            break
        body.append("" if line.strip() == "." else line[1:])
    text = "\n".join(body).strip("\n") + "\n"
    assert "SIL OPEN FONT LICENSE Version 1.1" in text and "DISCLAIMER" in text
    return text


def ofl_text() -> str:
    """Compose OFL.txt: each shipped face's copyright lines, then the licence."""
    groups: list[tuple[str, list[Path | tuple[Path, str]]]] = [
        ("NotoSerifSC-Regular.ttf, NotoSerifSC-Bold.ttf (Noto Serif CJK SC) and "
         "NotoSansSC-Regular.ttf, NotoSansSC-Bold.ttf (Noto Sans CJK SC)",
         [(CJK_DIR / src, ps) for src, ps, _ in CJK_FACES.values()]),
        ("NotoSerif-Regular.ttf, NotoSerif-Bold.ttf (Noto Serif) and "
         "NotoSans-Regular.ttf, NotoSans-Bold.ttf (Noto Sans)",
         [LATIN_DIR / f[0] for f in LATIN_FACES.values()]),
        ("Symbols in the four Latin faces above, copied from Noto Sans Symbols, "
         "Noto Sans Math and Noto Sans Symbols 2",
         [LATIN_DIR / name for d in SYMBOL_DONORS for name in d[:2]]),
    ]
    out = []
    for title, sources in groups:
        fonts = [open_collection_member(*src) if isinstance(src, tuple)
                 else TTFont(str(src), lazy=True) for src in sources]
        notices: list[str] = []
        for nid in (0, 7):  # copyright, then trademark
            for font in fonts:
                text = _name(font, nid)
                if text and text not in notices:
                    notices.append(text)
        out.append(title + ":\n" + "\n".join(notices))
    head = "\n\n".join(out)
    return (
        head + "\n\n"
        "The name tables of these fonts and Debian's copyright files for them declare\n"
        "no Reserved Font Name. Noto Serif/Sans CJK are Adobe's Source Han Serif/Sans\n"
        "under Google's names, and Source Han reserves the name \"Source\"; no face here\n"
        "uses it.\n\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n"
        "This license is copied below, and is also available with a FAQ at:\n"
        "https://openfontlicense.org\n\n\n"
        + ofl_body()
    )


# ---------------------------------------------------------------- builders

def build_cjk(out_name: str, charset: set[int]) -> bytes:
    src, ps_name, family = CJK_FACES[out_name]
    font = open_collection_member(CJK_DIR / src, ps_name)
    assert _name(font, 1) == family, (_name(font, 1), family)
    created, modified = font["head"].created, font["head"].modified
    subset_font(font, charset, CJK_FEATURES)
    cff_to_glyf(font)
    mark_modified(font)
    return to_bytes(font, created, modified)


def build_latin(out_name: str, charset: set[int]) -> bytes:
    src, ps_name, family, weight = LATIN_FACES[out_name]
    font = TTFont(str(LATIN_DIR / src))
    created, modified = font["head"].created, font["head"].modified
    if "fvar" in font:
        from fontTools.varLib import instancer

        font = instancer.instantiateVariableFont(
            font, {"wght": weight}, updateFontNames=True
        )
    assert "glyf" in font, f"{src}: expected TrueType outlines"
    assert _name(font, 6) == ps_name, (_name(font, 6), ps_name)
    assert _name(font, 1) == family, (_name(font, 1), family)
    subset_font(font, charset, LATIN_FEATURES)
    add_symbols(font, bold=weight >= 700)
    mark_modified(font)
    return to_bytes(font, created, modified)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=OUT_DIR, help="output folder")
    ap.add_argument("--check", action="store_true",
                    help="build in memory and compare with the files in --out")
    ap.add_argument("--only", action="append", help="build only this output file")
    args = ap.parse_args(argv)

    cjk_set, tgh, gb = cjk_charset()
    latin_set = latin_charset()
    names = list(CJK_FACES) + list(LATIN_FACES)
    if args.only:
        unknown = set(args.only) - set(names)
        if unknown:
            ap.error(f"unknown face(s) {sorted(unknown)}; known: {names}")
        names = [n for n in names if n in args.only]

    mismatched = []
    for out_name in names:
        t0 = time.perf_counter()
        if out_name in CJK_FACES:
            data = build_cjk(out_name, cjk_set)
        else:
            data = build_latin(out_name, latin_set)
        elapsed = time.perf_counter() - t0

        font = TTFont(io.BytesIO(data))
        cmap = font.getBestCmap()
        info = f"{len(data) / 1e6:5.2f} MB, {len(font.getGlyphOrder())} glyphs, {len(cmap)} chars"
        if out_name in CJK_FACES:
            missing_tgh = sorted(tgh - set(cmap))
            missing_gb = sorted(c for c in gb if c not in cmap and c >= 0x4E00)
            info += f", missing kTGH {len(missing_tgh)}, missing GB2312 hanzi {len(missing_gb)}"
            if missing_tgh:
                info += " (" + "".join(map(chr, missing_tgh[:20])) + ")"
        digest = hashlib.sha256(data).hexdigest()[:12]
        target = args.out / out_name
        if args.check:
            same = target.exists() and target.read_bytes() == data
            if not same:
                mismatched.append(out_name)
            print(f"{out_name:24} {'same' if same else 'DIFFERS'} sha256:{digest} {info}")
        else:
            args.out.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            print(f"{out_name:24} wrote sha256:{digest} {info} in {elapsed:.0f} s")

    licence = ofl_text().encode("utf-8")
    target = args.out / "OFL.txt"
    if args.check:
        same = target.exists() and target.read_bytes() == licence
        if not same:
            mismatched.append("OFL.txt")
        print(f"{'OFL.txt':24} {'same' if same else 'DIFFERS'}")
    else:
        target.write_bytes(licence)
        print(f"{'OFL.txt':24} wrote")

    ps_names = {}
    for out_name in names:
        path = args.out / out_name
        if path.exists():
            ps = _name(TTFont(str(path), lazy=True), 6)
            ps_names.setdefault(ps, []).append(out_name)
    clashes = {ps: files for ps, files in ps_names.items() if len(files) > 1}
    if clashes:
        print(f"PostScript names shared by several faces: {clashes}", file=sys.stderr)
        return 1
    if mismatched:
        print(f"not reproduced byte for byte: {mismatched}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
