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
from briefing.checks.fit import fit
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
    region_key: tuple | None = None  # the region file's state when it was read for an edition


def _load(path: Path) -> _Loaded:
    try:
        composed = compose(path)
    except ContentError as exc:
        raise ContentError([locate(p) for p in exc.problems]) from None
    edition, edition_locations, edition_file, region_key = None, {}, "", None
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
        if composed is None:
            region, ctx, region_key = _shared_region(region_path)
        else:
            region, ctx = load_region_with_locations(region_path, composed)
    except ContentError as exc:
        problems = exc.problems
        if composed is not None:  # the loader looks for ids used twice only in otherwise valid files
            known = {p.path for p in problems}
            extra = [p for p in duplicate_ids(composed[0], composed[1]) if p.path not in known]
            problems = sorted(problems + extra, key=lambda p: (p.line, p.column))
        raise ContentError(problems) from None
    return _Loaded(region, edition, ctx.locations, display_path(region_path), edition_locations, edition_file,
                   region_key)


_REGIONS: dict[tuple, tuple] = {}  # a region file as it is now -> (Region, context), shared by its editions
_REGION_PROBLEMS: dict[tuple, list[Problem]] = {}


def _file_state(path: Path) -> tuple:
    info = path.stat()
    return str(path.resolve()), info.st_mtime_ns, info.st_size


def _shared_region(path: Path) -> tuple:
    """Return (Region, context, file state) of the region file at `path`, read once for all its editions.

    A batch checks each edition with its region: 200 editions read and checked the
    same region 200 times. Kept while the file is unchanged (size and mtime), a few at a time.
    """
    try:
        key = _file_state(Path(path))
    except OSError:  # missing or unreadable: the loader says so, with the edition's location
        return (*load_region_with_locations(path, None), None)
    got = _REGIONS.get(key)
    if got is None:
        got = load_region_with_locations(path, None)
        _remember(_REGIONS, key, got)
    return (*got, key)


def _remember(cache: dict, key, value) -> None:
    if len(cache) >= 4:
        cache.pop(next(iter(cache)))
    cache[key] = value


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
    today = today or date.today()
    # the region's own problems, once for all its editions while region, faces and dates are the same
    key = (got.region_key, repr(sorted(brand.fonts.items())), max_age_months, today) if got.region_key else None
    if key in _REGION_PROBLEMS:
        problems = list(_REGION_PROBLEMS[key])
    else:
        strings = list(printed_strings(region))
        problems = unprintable(texts, strings, region.languages, locations, file)
        problems += lengths(texts, strings, region.languages, locations, file)
        problems += missing_in(texts, region.languages, brand, locations, file)
        problems += missing_in_strings(region, brand, locations, file)
        problems += untranslated(texts, region.languages, locations, file)
        problems += stale(region, max_age_months, today, locations, file)
        problems += uncited(region, locations, file)
        problems += conflicting_figures(region, locations, file)
        problems += glossary_warnings(texts, region.glossary, locations, file)
        problems += _new(problems, fit(region, None, brand, region.languages, locations, file))
        if key is not None:
            _remember(_REGION_PROBLEMS, key, list(problems))
    if edition is not None:
        extra = list(edition.texts())
        problems += glossary_warnings(extra, region.glossary, got.edition_locations, got.edition_file)
        langs = edition.languages or region.languages
        problems += unprintable(extra, [], langs, got.edition_locations, got.edition_file)
        problems += lengths(extra, [], langs, got.edition_locations, got.edition_file)
        problems += missing_in(extra, langs, brand, got.edition_locations, got.edition_file)
        problems += untranslated(extra, langs, got.edition_locations, got.edition_file)
        if edition.focus:  # featured figures join the "At a glance" grid: its cards may be narrower
            problems += _new(problems, fit(region, edition, brand, region.languages, locations, file))
    refused = {(p.file, p.path) for p in problems if p.message.startswith(_UNPRINTABLE)}
    problems = [p for p in problems if (p.file, p.path) not in refused or p.message.startswith(_UNPRINTABLE)]
    return region, edition, sorted(problems, key=lambda p: (p.file != got.edition_file, p.file, p.line, p.column))


def _new(problems: list[Problem], more: list[Problem]) -> list[Problem]:
    """Return those of `more` about a text no error of `problems` is about (one message a problem)."""
    known = {(p.file, p.path) for p in problems if p.severity == "error"}
    return [p for p in more if (p.file, p.path) not in known]


_UNPRINTABLE = ("contains the bidirectional", "contains the character", "is empty once")  # one message a text
