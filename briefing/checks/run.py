"""The whole inspection: load a region or edition, locate what the format refused, run every family of checks."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path


from briefing.brand import Brand, default_brand
from briefing.errors import ContentError, Problem, display_path
from briefing.content.loader import compose, load_edition, load_region_with_locations, _find
from briefing.content.model import Edition, Region
from briefing.checks.dates import MAX_AGE_MONTHS, stale
from briefing.checks.figures import conflicting_figures, uncited
from briefing.checks.glossary import glossary_warnings
from briefing.checks.glyphs import missing_in, missing_in_strings, printed_strings
from briefing.checks.lengths import lengths
from briefing.checks.structure import duplicate_ids, locate, node_locations
from briefing.checks.texts import unprintable
from briefing.checks.translation import untranslated


@dataclass
class _Loaded:
    region: Region
    edition: Edition | None
    locations: dict[str, tuple[int, int]]
    file: str
    edition_locations: dict[str, tuple[int, int]]
    edition_file: str


def _load(path: Path) -> _Loaded:
    try:
        composed = compose(path)
    except ContentError as exc:
        raise ContentError([locate(p) for p in exc.problems]) from None
    edition, edition_locations, edition_file = None, {}, ""
    region_path = path
    if _find(composed[0], "edition") is not None:
        try:
            edition = load_edition(path, composed)
        except ContentError as exc:
            raise ContentError([locate(p) for p in exc.problems]) from None
        edition_locations, edition_file = node_locations(composed[0]), composed[1]
        region_path = edition.region_file
        composed = None
    try:
        region, ctx = load_region_with_locations(region_path, composed)
    except ContentError as exc:
        problems = exc.problems
        if composed is not None:  # the loader looks for ids used twice only in otherwise valid files
            known = {p.path for p in problems}
            extra = [p for p in duplicate_ids(composed[0], composed[1]) if p.path not in known]
            problems = sorted(problems + extra, key=lambda p: (p.line, p.column))
        raise ContentError(problems) from None
    return _Loaded(region, edition, ctx.locations, display_path(region_path), edition_locations, edition_file)


def inspect(path: Path, brand: Brand | None = None, *, max_age_months: int = MAX_AGE_MONTHS,
            today: date | None = None) -> tuple[Region, Edition | None, list[Problem]]:
    """Return the region, the edition (if `path` is one) and every problem beyond the format.

    Raises ContentError when the file breaks the format itself. `max_age_months`
    (0: never) says when content and sources count as old; `today` is for tests.
    """
    brand = brand or default_brand()
    got = _load(Path(path))
    region, edition, locations, file = got.region, got.edition, got.locations, got.file
    texts = list(region.texts())
    strings = list(printed_strings(region))
    problems = unprintable(texts, strings, region.languages, locations, file)
    problems += lengths(texts, strings, region.languages, locations, file)
    problems += missing_in(texts, region.languages, brand, locations, file)
    problems += missing_in_strings(region, brand, locations, file)
    problems += untranslated(texts, region.languages, locations, file)
    problems += stale(region, max_age_months, today or date.today(), locations, file)
    problems += uncited(region, locations, file)
    problems += conflicting_figures(region, locations, file)
    problems += glossary_warnings(texts, region.glossary, locations, file)
    if edition is not None:
        extra = list(edition.texts())
        problems += glossary_warnings(extra, region.glossary, got.edition_locations, got.edition_file)
        langs = edition.languages or region.languages
        problems += unprintable(extra, [], langs, got.edition_locations, got.edition_file)
        problems += lengths(extra, [], langs, got.edition_locations, got.edition_file)
        problems += missing_in(extra, langs, brand, got.edition_locations, got.edition_file)
        problems += untranslated(extra, langs, got.edition_locations, got.edition_file)
    refused = {(p.file, p.path) for p in problems if p.message.startswith(_UNPRINTABLE)}
    problems = [p for p in problems if (p.file, p.path) not in refused or p.message.startswith(_UNPRINTABLE)]
    return region, edition, sorted(problems, key=lambda p: (p.file != got.edition_file, p.file, p.line, p.column))


_UNPRINTABLE = ("contains the bidirectional", "contains the character", "is empty once")  # one message a text
