"""The faces the Word layout measures: line metrics (hhea ascent and descent) and advance widths.

Owns reading a face of briefing.fonts the way LibreOffice and ReportLab see
it: its ascent and descent per point in whole twips, and its advance widths
read from the font's cmap and hmtx tables (the same numbers ReportLab would
give, without registering a 4 MB CJK face only to measure it). Must not know
paragraphs, styles or pages.
"""
from __future__ import annotations

import math
import struct
from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics

from briefing import fonts as fontfiles

REFERENCE = 6  # device units a twip of LibreOffice's reference device (8640 dpi, MS Office compatible)


@dataclass(frozen=True)
class Face:
    """A face as layout needs it: its ascent and descent per point of size, its advance widths."""

    key: str
    ascent: float
    descent: float

    def extent(self, size: float) -> tuple[float, float]:
        """Return the ascent and descent of the face at `size` in whole twips, as LibreOffice has them.

        LibreOffice measures a face on its reference device, REFERENCE units a twip:
        ascent and descent are rounded there, then the ascent and the line height
        (their sum) each to whole twips (measured on every size from 6 to 24.5 pt).
        """
        units = size * 20 * REFERENCE
        ascent, descent = math.floor(self.ascent * units + 0.5), math.floor(self.descent * units + 0.5)
        top = math.floor(ascent / REFERENCE + 0.5)
        return top / 20, (math.floor((ascent + descent) / REFERENCE + 0.5) - top) / 20

    def width(self, ch: str) -> float | None:
        """Return the advance of `ch` per point of size, None when the face lacks it."""
        table, per_point = _widths(self.key)
        w = table.get(ord(ch))
        return None if w is None else w / per_point


@lru_cache(maxsize=None)
def _widths(key: str) -> tuple[dict[int, float], float]:
    """Return face `key`'s advance of each code point as ReportLab measures it, and the units of a point of size.

    A registered face's own table (thousandths of an em) is used as it is, not
    converted whole (30,000 entries for a CJK face) for the few hundred
    characters a document measures. A face ReportLab has not loaded yet is read
    from its cmap and hmtx tables, per point: a whole registration (about 20 ms a
    CJK face) would only be used for these.
    """
    name = fontfiles.rl_name(key)
    widths = None if name in pdfmetrics.getRegisteredFontNames() else _read_widths(*_tables(key))
    if widths is None:
        return pdfmetrics.getFont(fontfiles.register(key)).face.charWidths, 1000
    return widths, 1


def _tables(key: str) -> tuple[bytes, dict[bytes, bytes]]:
    """Return the kind of face `key`'s font file (its first four bytes) and the tables layout reads.

    Only those tables are read, not the outlines: a CJK face's file is 4 MB. The
    others are listed, empty, as the file has them.
    """
    with open(fontfiles.font_path(key), "rb") as file:
        header = file.read(12)
        count = struct.unpack_from(">H", header, 4)[0] if len(header) == 12 else 0
        directory = file.read(16 * count)
        tables = {}
        for i in range(len(directory) // 16):
            tag, _, offset, length = struct.unpack_from(">4sIII", directory, 16 * i)
            if tag in (b"head", b"hhea", b"maxp", b"cmap", b"hmtx"):
                file.seek(offset)
                tables[tag] = file.read(length)
            else:
                tables[tag] = b""
    return header[:4], tables


def _read_widths(kind: bytes, tables: dict[bytes, bytes]) -> dict[int, float] | None:
    """Return the widths ReportLab reads from a TrueType file's tables, per point of size; None if unsure.

    This is TTFontFile.extractInfo's charWidths, divided by 1000. None where
    ReportLab would do what this does not: a collection, cmap formats other
    than 4 and 12, a code mapped twice, tables it refuses; ReportLab then reads it.
    """
    try:
        if kind not in (b"\x00\x01\x00\x00", b"true") or not {
                b"name", b"post", b"loca", b"head", b"hhea", b"maxp", b"cmap", b"hmtx"} <= tables.keys():
            return None
        head, hhea, maxp, cmap = tables[b"head"], tables[b"hhea"], tables[b"maxp"], tables[b"cmap"]
        if (struct.unpack_from(">H", head)[0] != 1 or struct.unpack_from(">I", head, 12)[0] != 0x5F0F3CF5
                or struct.unpack_from(">H", head, 52)[0] != 0 or struct.unpack_from(">H", hhea)[0] != 1
                or struct.unpack_from(">H", hhea, 32)[0] != 0 or struct.unpack_from(">H", maxp)[0] != 1):
            return None
        units = struct.unpack_from(">H", head, 18)[0]
        metrics = struct.unpack_from(">H", hhea, 34)[0]
        glyphs = struct.unpack_from(">H", maxp, 4)[0]
        count = struct.unpack_from(">H", cmap, 2)[0]
        if metrics == 0 or count == 0:
            return None
        at, unicode = None, False
        for i in range(count):  # the last Unicode subtable, else the last Mac Roman one, as ReportLab picks it
            platform, encoding, offset = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
            if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
                at, unicode = offset, True
            elif platform == 1 and encoding == 0 and not unicode:
                at = offset
        if at is None:
            return None
        decoded = fontfiles.cmap_glyphs(cmap, at)
        if decoded is None:
            return None
        glyph_of, mapped = decoded
        if mapped != len(glyph_of):
            return None
        advances = struct.unpack_from(f">{2 * metrics}H", tables[b"hmtx"])[::2]
        advances += advances[-1:] * max(0, glyphs - metrics)  # glyphs past the last full metric share its advance
        scale = 1000 / units
        advances = [(a if units == 1000 else a * scale) / 1000 for a in advances]  # ReportLab's 1000 units, ours 1
        known = len(advances)  # a glyph past them has no width
        widths = {code: advances[glyph] for code, glyph in glyph_of.items() if glyph < known}
    except (struct.error, ZeroDivisionError):
        return None
    for have, give in ((0x20, 0xA0), (0xA0, 0x20)):  # the space and the no-break space share a width
        if have in glyph_of:
            if have not in widths:
                return None
            widths[give] = widths[have]
            break
    return widths


@lru_cache(maxsize=None)
def face(key: str) -> Face:
    """Return face `key` of briefing.fonts with the line metrics word processors use (hhea)."""
    tables = _tables(key)[1]
    units = struct.unpack_from(">H", tables[b"head"], 18)[0]
    ascent, descent = struct.unpack_from(">hh", tables[b"hhea"], 4)
    return Face(key, ascent / units, -descent / units)


@lru_cache(maxsize=None)
def _key_of(family: str, bold: bool) -> str | None:
    """Return the key of the face of `family` (bold or not) among briefing.fonts' faces, or None."""
    found = [key for key, (_, name, heavy) in fontfiles.FACES.items() if name == family]
    return next((k for k in found if fontfiles.FACES[k][2] == bold), found[0] if found else None)
