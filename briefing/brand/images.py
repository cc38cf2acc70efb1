"""Images a brand names (its logos): present, small enough, and readable as PNG, JPEG or SVG.

Part of the brand, not of the checks, because a brand file is refused as it is
read; `briefing check` reports the same problems through the brand.
"""
from __future__ import annotations

import warnings
from pathlib import Path

from briefing.brand import png
from briefing.errors import display_path
from briefing.errors import Problem
from briefing.safeio import Unreadable, check_regular, read_limited, reason

IMAGE_LIMIT = 20 * 1024 * 1024
# 9 megapixels (3000 x 3000, a logo 25 cm wide at 300 dpi): a --print build of the sample with a
# photograph-like logo of that size peaks at 379 MiB, within issue 13's 400 MiB (measured
# December 2026; 12 megapixels: 476 MiB, 25: 903 MiB). The README says it.
MAX_PIXELS = 9_000_000
MODES = {"1", "L", "LA", "P", "PA", "RGB", "RGBA"}  # what both renderers and the press conversion handle
MIN_DPI = 10  # a PNG may declare its resolution; below this Word would size it absurdly
_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}


def check_image(path: Path | str, file: str, line: int = 0, col: int = 0, yaml_path: str = "") -> list[Problem]:
    """Return problems with the image at `path` (named at file:line:col, `yaml_path`): missing or unreadable.

    A PNG or JPEG must open and decode with Pillow (whose limit on pixels guards
    against decompression bombs); an SVG must be well-formed XML whose root is
    <svg>, with no DTD (so no entity can expand).
    """
    path = Path(path)

    def problem(message: str) -> list[Problem]:
        return [Problem(file, line, col, yaml_path, message)]

    shown = display_path(path)
    try:  # a regular file, checked before it is opened: a pipe or device cannot block the build
        size = check_regular(path).st_size
        with path.open("rb") as handle:
            head = handle.read(512)
    except Unreadable as exc:
        return problem(f"the image {shown} {exc}" if not str(exc).startswith("no such") else f"no image file at {shown}")
    except OSError as exc:
        return problem(f"the image {shown} {reason(exc)}")
    if size == 0:
        return problem(f"the image {shown} is empty")
    if size > IMAGE_LIMIT:
        return problem(f"the image {shown} is {size // 1024 // 1024} MiB; images are limited to "
                       f"{IMAGE_LIMIT // 1024 // 1024} MiB")
    kind = next((name for sig, name in _SIGNATURES.items() if head.startswith(sig)), None)
    suffix = path.suffix.lower()
    named = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".svg": "SVG"}.get(suffix)
    if kind:
        if named and named != kind:
            return problem(f"{shown} is a {kind} image named {suffix}; save it as a real {named} file "
                           f"(an image program's Export as {named})")
        if kind == "PNG":  # thousands of metadata chunks make Pillow crawl (200,000: 19 s)
            others = png.other_chunks(read_limited(path, IMAGE_LIMIT, "images"))
            if others > png.MOST_OTHER_CHUNKS:
                return problem(f"the PNG image {shown} holds {others:,} chunks besides its picture (text, EXIF, "
                               f"animation frames and the like); at most {png.MOST_OTHER_CHUNKS}: export it again as a "
                               "plain PNG")
        return [] if (error := _raster_error(path)) is None else problem(f"the {kind} image {shown} {error}")
    text_head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text_head.startswith((b"<?xml", b"<svg", b"<!--")):
        if named and named != "SVG":
            return problem(f"{shown} is an SVG image named {suffix}; save it as a real {named} file "
                           f"(an image program's Export as {named})")
        return [] if (error := _svg_error(path)) is None else problem(f"the SVG image {shown} {error}")
    return problem(f"{shown} is not a PNG, JPEG or SVG image")


def _raster_error(path: Path) -> str | None:
    """Return why Pillow cannot read the raster image at `path`, or None."""
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with ReportLab
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                width, height = img.size
                if width * height > MAX_PIXELS:
                    return (f"has {width} x {height} pixels ({width * height / 1e6:.0f} megapixels); images are "
                            f"limited to {MAX_PIXELS // 1_000_000} megapixels: scale it down")
                if img.mode not in MODES:
                    return (f"is in {img.mode} colour; save it as an 8-bit RGB or RGBA image "
                            "(press files are converted to the brand's CMYK when they are built)")
                dpi = img.info.get("dpi")
                if dpi and isinstance(dpi, tuple) and min(float(d or 0) for d in dpi) < MIN_DPI:
                    return (f"declares a resolution of {min(float(d or 0) for d in dpi):.2g} dpi; save it with "
                            "a resolution of 72 dpi or more (or none)")
                img.verify()
            with Image.open(path) as img:
                img.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return (f"has too many pixels to be a logo or picture; images are limited to {MAX_PIXELS // 1_000_000} "
                "megapixels: scale it down")
    except Exception as exc:  # Pillow raises many kinds for damaged files
        return f"cannot be read (damaged or cut short?): {exc}"
    return None


def _svg_error(path: Path) -> str | None:
    """Return why the SVG at `path` is unusable, or None."""
    from xml.etree import ElementTree

    try:
        data = read_limited(path, IMAGE_LIMIT, "images")
    except Unreadable as exc:
        return str(exc)
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return "declares a DTD or entities; save it without them"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        return f"is not well-formed XML: {exc}"
    if root.tag.rsplit("}", 1)[-1] != "svg":
        return f"has <{root.tag.rsplit('}', 1)[-1]}> where <svg> should be"
    return None
