"""The brand: what a designer's _brand.yml decides (colours, logo, fonts, page), read and resolved.

`model` holds the Brand record, `file` reads templates/<brand>/_brand.yml, `images`
checks the logos it names. Nothing here knows the content or a renderer.
"""
from __future__ import annotations

from briefing.brand.file import TEMPLATES, load_brand
from briefing.brand.model import MM, PAGE_SIZES, Brand

__all__ = ["MM", "PAGE_SIZES", "Brand", "DEFAULT_BRAND", "default_brand", "resolve_brand", "load_brand"]

DEFAULT_BRAND = "qiantang"


def default_brand() -> Brand:
    """Return the sample region's brand (templates/qiantang), or the built-in look without it."""
    if (TEMPLATES / DEFAULT_BRAND / "_brand.yml").is_file():
        return load_brand(DEFAULT_BRAND)
    return Brand()


def resolve_brand(ref: str | None) -> Brand:
    """Return the brand named by `ref` (a folder name under templates/ or a path); None gives the default."""
    if ref is None:
        return default_brand()
    return load_brand(ref)
