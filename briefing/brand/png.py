"""A PNG's chunks: how much metadata a logo carries, and a copy of it with only what draws it.

A logo exported by an image program carries text, EXIF (a camera, a place), XMP
(its editing history, file paths) and time stamps in chunks beside its pixels.
The PDF renderer decodes the pixels and keeps nothing else; the Word file would
embed the file byte for byte, so it gets `drawing_copy`: the same pixels, colour
and resolution chunks, and nothing of the rest (nor an animated PNG's frames).
"""
from __future__ import annotations

import struct
import zlib
from functools import lru_cache
from pathlib import Path

SIGNATURE = b"\x89PNG\r\n\x1a\n"
DRAWING = frozenset((b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
                     b"pHYs"))
MOST_OTHER_CHUNKS = 256  # chunks that do not draw the picture: an exported logo has a handful


def chunks(data: bytes) -> list[tuple[bytes, int, int]] | None:
    """Return each chunk of a PNG as (type, start, end) over `data`, or None if the layout is broken."""
    if not data.startswith(SIGNATURE):
        return None
    out, at = [], len(SIGNATURE)
    while at + 12 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, at)
        end = at + 12 + length
        if end > len(data):
            return None
        out.append((kind, at, end))
        at = end
        if kind == b"IEND":
            return out
    return None


def other_chunks(data: bytes) -> int:
    """Return how many chunks of a PNG do not draw it (0 when the layout cannot be read: Pillow says why)."""
    found = chunks(data)
    return 0 if found is None else sum(1 for kind, _, _ in found if kind not in DRAWING)


@lru_cache(maxsize=8)
def _copy(path: str, mtime: int, size: int) -> bytes:
    data = Path(path).read_bytes()
    found = chunks(data)
    if found is None:
        return data
    kept = [data[start:end] for kind, start, end in found if kind in DRAWING]
    out = SIGNATURE + b"".join(kept)
    if not any(kind == b"IEND" for kind, _, _ in found):  # pragma: no cover - chunks() requires it
        out += struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return out


def drawing_copy(path: Path) -> bytes:
    """Return the PNG at `path` with only the chunks that draw it (pixels, palette, colour, resolution)."""
    info = Path(path).stat()
    return _copy(str(path), info.st_mtime_ns, info.st_size)
