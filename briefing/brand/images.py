"""Images a brand names (its logos): present, small enough, and readable as PNG, JPEG or SVG.

Part of the brand, not of the checks, because a brand file is refused as it is
read; `briefing check` reports the same problems through the brand.
"""
from __future__ import annotations

import warnings
from pathlib import Path

from briefing.errors import display_path
from briefing.errors import Problem

IMAGE_LIMIT = 20 * 1024 * 1024
# A logo of 4000 x 4000 pixels keeps a `build --print` of the sample under 400 MiB (measured
# December 2026: 388 MiB; the press PDF converts the logo to CMYK at full size). A logo
# printed 10 cm wide needs about 1200 pixels at 300 dpi.
PIXEL_LIMIT = 16_000_000
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
    if path.is_dir():
        return problem(f"{shown} is a folder, not an image")
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(512)
    except FileNotFoundError:
        return problem(f"no image file at {shown}")
    except OSError as exc:
        return problem(f"cannot read the image {shown}: {exc.strerror}")
    if size == 0:
        return problem(f"the image {shown} is empty")
    if size > IMAGE_LIMIT:
        return problem(f"the image {shown} is {size // 1024 // 1024} MiB; images are limited to "
                       f"{IMAGE_LIMIT // 1024 // 1024} MiB")
    kind = next((name for sig, name in _SIGNATURES.items() if head.startswith(sig)), None)
    if kind:
        return [] if (error := _raster_error(path)) is None else problem(f"the {kind} image {shown} {error}")
    text_head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text_head.startswith((b"<?xml", b"<svg", b"<!--")):
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
                if width * height > PIXEL_LIMIT:  # refused from its header, before any decoding
                    return (f"is {width} x {height} pixels ({width * height / 1e6:.0f} megapixels); images are "
                            f"limited to {PIXEL_LIMIT / 1e6:.0f} megapixels (4000 x 4000): save it smaller "
                            "(a logo printed 10 cm wide needs about 1200 pixels)")
                img.verify()
            with Image.open(path) as img:
                img.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "has too many pixels to be a logo or picture"
    except Exception as exc:  # Pillow raises many kinds for damaged files
        return f"cannot be read (damaged or cut short?): {exc}"
    return None


def _svg_error(path: Path) -> str | None:
    """Return why the SVG at `path` is unusable, or None."""
    from xml.etree import ElementTree

    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return "declares a DTD or entities; save it without them"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        return f"is not well-formed XML: {exc}"
    if root.tag.rsplit("}", 1)[-1] != "svg":
        return f"has <{root.tag.rsplit('}', 1)[-1]}> where <svg> should be"
    return None
