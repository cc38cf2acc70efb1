"""Checks beyond the format: what `briefing check` adds to validation (glyph coverage)."""
from __future__ import annotations

import unicodedata
from pathlib import Path

from . import fonts
from .brand import Brand, default_brand
from .errors import Problem
from .loader import compose, display_path, load_edition, load_region_with_locations, _find
from .model import Edition, Region


def missing_glyphs(region: Region, brand: Brand, locations: dict[str, tuple[int, int]], file: str) -> list[Problem]:
    """Return a problem for each text holding characters that no face setting it has."""
    problems = []
    for lang in region.languages:
        stacks = [brand.font_stack(kind, lang, bold) for kind in ("serif", "sans") for bold in (False, True)]
        covered = [frozenset().union(*(fonts.coverage(k) for k in stack)) for stack in stacks]
        for text in region.texts():
            value = text.values.get(lang, "")
            missing = sorted({ch for ch in value if not ch.isspace() and any(ord(ch) not in c for c in covered)})
            if missing:
                path = f"{text.path}.{lang}"
                line, col = locations.get(path, (0, 0))
                names = ", ".join(f"{ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')})" for ch in missing[:8])
                more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
                problems.append(Problem(file, line, col, path, f"the fonts have no glyph for {names}{more}; "
                                        "it would print as a blank box"))
    return problems


def inspect(path: Path, brand: Brand | None = None) -> tuple[Region, Edition | None, list[Problem]]:
    """Return the region, the edition (if `path` is one) and every problem beyond the format.

    Raises ContentError when the file breaks the format itself.
    """
    brand = brand or default_brand()
    composed = compose(Path(path))
    edition = None
    region_path = Path(path)
    if _find(composed[0], "edition") is not None:
        edition = load_edition(path, composed)
        region_path = edition.region_file
        composed = None
    region, ctx = load_region_with_locations(region_path, composed)
    return region, edition, missing_glyphs(region, brand, ctx.locations, display_path(region_path))
