"""Checks beyond the format: what `briefing check` (and every build) adds to validation.

Errors stop a build: characters the fonts lack, texts too long for where they are
printed, unreadable images. Warnings are printed and do not (unless `check
--strict`): texts left untranslated or still the starter's placeholder, content
and sources older than `max_age_months`, sources no figure cites, and the same
figure stated twice with different values.
"""
from __future__ import annotations

import calendar
import re
import unicodedata
import warnings
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator

import yaml

from . import fonts
from .brand import Brand, default_brand
from .errors import ContentError, Problem
from .glossary import glossary_warnings
from .loader import compose, display_path, load_edition, load_region_with_locations, _find
from .model import Edition, Metric, Region, Text
from .schema import MAX_NODES, join, where

MAX_AGE_MONTHS = 12

# The starter file's texts (`briefing new`): valid, so a new file checks and builds,
# and reported as warnings until they are replaced.
PLACEHOLDER = {"zh": "（请填写）", "en": "(to be written)"}
_PLACEHOLDER_MARKS = ("请填写", "(to be written)")

# How long a text may be, in width units: a Chinese character counts 2, anything else 1.
# Longer names break the cover, headings and figure cards (which cannot split across
# pages); longer paragraphs are mistakes (a document pasted in) and slow the build.
NAME_LIMIT = 120  # the region's name: the cover's title and every page's running header
UNIT_LIMIT = 60  # a unit is set inside the figure, in the figure's large size
SHORT_LIMIT = 400  # names, titles, labels, addresses: headings, table cells, card labels
LONG_LIMIT = 40_000  # summaries, highlights, a welcome message: paragraphs that split across pages
STRING_LIMIT = 1_000  # web and e-mail addresses, phone numbers (characters)
TOTAL_LIMIT = 300_000  # all the texts of one language together, aliases counted each time used
COUNT_LIMIT = 10_000  # texts in a file, aliases counted each time used
LONG_FIELDS = ("summary", "highlights", "message")


# -- glyph coverage ----------------------------------------------------------------------


def _covered(brand: Brand, lang: str) -> list[frozenset[int]]:
    """Return the code points each face stack that may set `lang` covers."""
    stacks = [brand.font_stack(kind, lang, bold) for kind in ("serif", "sans") for bold in (False, True)]
    return [frozenset().union(*(fonts.coverage(k) for k in stack)) for stack in stacks]


def _glyph_problem(value: str, covered: list[frozenset[int]], file: str, path: str,
                   locations: dict[str, tuple[int, int]]) -> Problem | None:
    missing = sorted(ch for ch in set(value) if not ch.isspace() and any(ord(ch) not in c for c in covered))
    if not missing:
        return None
    line, col = locations.get(path, (0, 0))
    names = ", ".join(f"{ch!r} (U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed')})" for ch in missing[:8])
    more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
    return Problem(file, line, col, path, f"the fonts have no glyph for {names}{more}; it would print as a blank box")


def missing_glyphs(region: Region, brand: Brand, locations: dict[str, tuple[int, int]], file: str) -> list[Problem]:
    """Return a problem for each text holding characters that no face setting it has."""
    return _missing_in(region.texts(), region.languages, brand, locations, file)


def _missing_in(texts: Iterable[Text], languages: list[str], brand: Brand, locations: dict[str, tuple[int, int]],
                file: str) -> list[Problem]:
    problems: list[Problem] = []
    seen: set[str] = set()
    texts = list(texts)
    for lang in languages:
        covered = _covered(brand, lang)
        for text in texts:
            path = f"{text.path}.{lang}"
            if path in seen:  # each text once, however often it is reached
                continue
            seen.add(path)
            problem = _glyph_problem(text.values.get(lang, ""), covered, file, path, locations)
            if problem:
                problems.append(problem)
    return problems


def _strings(region: Region) -> Iterator[tuple[str, str]]:
    """Yield (path, value) of the plain strings the briefing prints: addresses and numbers."""
    for src in region.sources:
        if src.url:
            yield src.path + ".url", src.url
    for contact in region.contacts:
        for key in ("phone", "email", "url"):
            value = getattr(contact, key)
            if value:
                yield f"{contact.path}.{key}", value
    portal = getattr(region, "portal", None)
    if portal:
        yield "region.portal", portal


def _missing_in_strings(region: Region, brand: Brand, locations: dict[str, tuple[int, int]],
                        file: str) -> list[Problem]:
    """Return problems for printed strings (set in every language's faces) with characters the fonts lack."""
    covered = [c for lang in region.languages for c in _covered(brand, lang)]
    found = (_glyph_problem(value, covered, file, path, locations) for path, value in _strings(region))
    return [p for p in found if p]


# -- lengths -------------------------------------------------------------------------------


def width_units(text: str) -> int:
    """Return the width of `text` in units: 2 for a wide (Chinese, Japanese, Korean) character, else 1."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _field(path: str) -> str:
    """Return the field a document path ends in: 'industries.clusters[0].highlights[2]' -> 'highlights'."""
    return re.sub(r"\[\d+\]", "", path).rsplit(".", 1)[-1]


def _limit(path: str) -> tuple[int, str]:
    """Return the width limit of the text at `path` and how to name it in a message."""
    if path == "region.name":
        return NAME_LIMIT, "the region's name"
    field = _field(path)
    if field == "unit":
        return UNIT_LIMIT, "a unit"
    if field in LONG_FIELDS:
        return LONG_LIMIT, "a text"
    if path.endswith("]"):
        return SHORT_LIMIT, f"each of the {field.replace('_', ' ')}"
    return SHORT_LIMIT, f"a {field.replace('_', ' ')}"


def _lengths(texts: list[Text], strings: list[tuple[str, str]], languages: list[str],
             locations: dict[str, tuple[int, int]], file: str) -> list[Problem]:
    """Return errors for texts too long for where they are printed, and for files too big to set."""
    problems: list[Problem] = []
    seen: set[str] = set()

    def report(path: str, message: str) -> None:
        problems.append(Problem(file, *locations.get(path, (0, 0)), path, message))

    for text in texts:
        for lang in languages:
            path = f"{text.path}.{lang}"
            value = text.values.get(lang, "")
            if path in seen or len(value) * 2 <= UNIT_LIMIT:  # short enough for any place
                continue
            seen.add(path)
            limit, what = _limit(text.path)
            units = width_units(value)
            if units > limit:
                report(path, f"is too long to print: {len(value):,} characters; {what} may have at most "
                       f"{limit // 2:,} Chinese characters or {limit:,} letters and spaces"
                       + (" (is something pasted in by mistake?)" if limit == LONG_LIMIT else
                          ", or it will not fit where it is printed"))
    for path, value in strings:
        if len(value) > STRING_LIMIT:
            report(path, f"is too long to print: {len(value):,} characters; at most {STRING_LIMIT:,}")
    if len(texts) > COUNT_LIMIT:
        path = texts[COUNT_LIMIT].path
        report(path, f"the file has {len(texts):,} texts (counting each use of a YAML alias); a briefing may have "
               f"at most {COUNT_LIMIT:,}; refusing to set it")
    for lang in languages if not problems else ():  # one text too long is reported by itself
        total = 0
        for text in texts:
            total += len(text.values.get(lang, ""))
            if total > TOTAL_LIMIT:
                report(f"{text.path}.{lang}", f"from here on the {lang} texts add up to more than {TOTAL_LIMIT:,} "
                       "characters (counting each use of a YAML alias), too much for one briefing; refusing to set it")
                break
    return problems


# -- translation and placeholders ----------------------------------------------------------

_WIDE = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003ffff]")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]+")
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|[^@\s]+@[^@\s]+\.[^@\s]+")
_NAME_TOKEN = re.compile(r"[A-Z0-9&.+\-]+")


def needs_translation(text: str) -> bool:
    """Return whether a text that reads the same in Chinese and English was probably left untranslated.

    Chinese characters in the English text always count. Latin text counts unless it
    is one word of capitals and digits (DNA, 5G, SAIC, H&M) or of three letters at
    most, or a web or e-mail address; texts without letters (numbers) never count.
    """
    text = text.strip()
    if _WIDE.search(text):
        return True
    if not _LATIN_WORD.search(text) or _ADDRESS.fullmatch(text):
        return False
    if len(text.split()) == 1 and (_NAME_TOKEN.fullmatch(text) or len(text) <= 3):
        return False
    return True


def _untranslated(texts: list[Text], languages: list[str], locations: dict[str, tuple[int, int]],
                  file: str) -> list[Problem]:
    """Return a warning for each text identical in Chinese and English, and each placeholder left in."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for text in texts:
        if text.path in seen:
            continue
        seen.add(text.path)
        values = {lang: text.values.get(lang, "") for lang in languages}
        placeholder = [lang for lang, v in values.items() if any(mark in v for mark in _PLACEHOLDER_MARKS)]
        if placeholder:
            path = f"{text.path}.{placeholder[0]}"
            problems.append(Problem(file, *locations.get(path, (0, 0)), text.path,
                                    "still the starter's placeholder; write the text", "warning"))
            continue
        zh, en = values.get("zh"), values.get("en")
        if zh is None or en is None or " ".join(zh.split()) != " ".join(en.split()) or not needs_translation(zh):
            continue
        lang = "en" if _WIDE.search(zh) else "zh"  # the language the text is not written in
        path = f"{text.path}.{lang}"
        sample = zh.strip() if len(zh.strip()) <= 40 else zh.strip()[:37] + "..."
        problems.append(Problem(file, *locations.get(path, (0, 0)), path,
                                f"the zh and en texts are the same ({sample!r}); translate the {lang} text", "warning"))
    return problems


# -- dates, sources, figures ---------------------------------------------------------------


def period_end(value: str) -> date | None:
    """Return the last day of a period written YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD (None if not one)."""
    m = re.fullmatch(r"(\d{4})(?:-(?:Q([1-4])|(\d{2}))(?:-(\d{2}))?)?", str(value))
    if not m:
        return None
    year = int(m.group(1))
    try:
        if m.group(4):
            return date(year, int(m.group(3)), int(m.group(4)))
        month = int(m.group(2)) * 3 if m.group(2) else int(m.group(3) or 12)
        return date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:
        return None


def add_months(day: date, months: int) -> date:
    """Return `day` moved `months` later, on the same day of the month or the month's last."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _stale(region: Region, max_age_months: int, today: date, locations: dict[str, tuple[int, int]],
           file: str) -> list[Problem]:
    """Return a warning for the content's date and each source's date older than `max_age_months`."""
    if max_age_months <= 0:
        return []
    problems = []
    span = f"{max_age_months} month{'s' if max_age_months != 1 else ''}"
    dated = [("as_of", region.as_of, f"the content is dated {region.as_of}, more than {span} ago; "
              "check the texts and figures, then update as_of")]
    dated += [(src.path + ".date", src.date, f"the source {src.id!r} is dated {src.date}, more than {span} ago; "
               "is there a newer edition?") for src in region.sources]
    for path, value, message in dated:
        end = period_end(value)
        if end is not None and add_months(end, max_age_months) < today:
            problems.append(Problem(file, *locations.get(path, (0, 0)), path, message, "warning"))
    return problems


def _uncited(region: Region, locations: dict[str, tuple[int, int]], file: str) -> list[Problem]:
    """Return a warning for each source no figure cites."""
    cited = {m.source for m in region.metrics() if m.source}
    problems = []
    for src in region.sources:
        if src.id not in cited:
            path = src.path + ".id"
            effect = "; the Sources list leaves it out" if cited else ""
            problems.append(Problem(file, *locations.get(path, (0, 0)), path,
                                    f"no figure cites the source {src.id!r}{effect}", "warning"))
    return problems


def _label_key(text: str) -> str:
    return "".join(text.replace("**", "").split()).casefold()


def _same_unit(a, b) -> bool:
    """Return whether two units are the same: the same code, or texts alike in some language."""
    if isinstance(a, Text) and isinstance(b, Text):
        return any(_label_key(v) == _label_key(b.values.get(lang, "")) for lang, v in a.values.items())
    return a == b


def _figure(metric: Metric) -> tuple:
    return (metric.value, metric.qualifier, metric.text.values.get("zh") if metric.text else None)


def _conflicting_figures(region: Region, locations: dict[str, tuple[int, int]], file: str) -> list[Problem]:
    """Return a warning where one figure is stated twice with different values.

    Figures are the same when their labels (in either language), units and periods
    are. Region-wide figures (key figures, a section's figures) are compared with
    every other figure; an item's figures with those of the same item only, since
    items' labels ("Revenue") legitimately repeat.
    """
    problems = []
    everywhere: dict[str, list[Metric]] = {}  # label -> the figures with it
    within: dict[tuple[str, str], list[Metric]] = {}  # (label, item path or "" for region-wide) -> the figures
    for metric in region.metrics():
        item_metric = ".items[" in metric.path or re.search(r"\.(clusters|links|platforms|reforms)\[", metric.path)
        owner = metric.path.rsplit(".metrics[", 1)[0] if item_metric else ""
        labels = {_label_key(v) for v in metric.label.values.values()}
        if owner:
            found = [m for label in labels for key in ((label, ""), (label, owner)) for m in within.get(key, [])]
        else:
            found = [m for label in labels for m in everywhere.get(label, [])]
        for other in {id(m): m for m in found}.values():  # each once, in document order
            if other.period == metric.period and _same_unit(other.unit, metric.unit) and \
                    _figure(other) != _figure(metric):
                path = metric.path + ".value"
                problems.append(Problem(file, *locations.get(path, (0, 0)), path,
                                        f"the same figure as {other.path} ({other.id!r}: same label, unit and "
                                        f"period) with a different value ({_show(other)} there, {_show(metric)} "
                                        "here); if one was refreshed, refresh the other", "warning"))
                break
        for label in labels:
            everywhere.setdefault(label, []).append(metric)
            within.setdefault((label, owner), []).append(metric)
    return problems


def _show(metric: Metric) -> str:
    if metric.text is not None:
        return repr(next(iter(metric.text.values.values()), ""))
    value = f"{metric.value:g}" if isinstance(metric.value, float) else str(metric.value)
    return f"{metric.qualifier} {value}" if metric.qualifier else value


# -- images ----------------------------------------------------------------------------------

IMAGE_LIMIT = 20 * 1024 * 1024
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


# -- locations and ids in files the format refused ----------------------------------------


def _walk(root: yaml.Node) -> Iterator[tuple[yaml.Node, str]]:
    """Yield (node, document path) in document order, each node once (an alias is not followed again), bounded."""
    stack: list[tuple[yaml.Node, str]] = [(root, "")]
    seen: set[int] = set()
    budget = MAX_NODES
    while stack:
        node, path = stack.pop()
        yield node, path
        children: list = []
        if isinstance(node, yaml.MappingNode):
            children = [(v, join(path, k.value)) for k, v in node.value if isinstance(k, yaml.ScalarNode)]
        elif isinstance(node, yaml.SequenceNode):
            children = [(v, join(path, i)) for i, v in enumerate(node.value)]
        for child in reversed(children):
            if id(child[0]) not in seen and budget > 0:
                seen.add(id(child[0]))
                budget -= 1
                stack.append(child)


def node_locations(root: yaml.Node) -> dict[str, tuple[int, int]]:
    """Return the (line, column) of every document path in a composed YAML tree (a bounded walk)."""
    return {path: where(node) for node, path in _walk(root)}


_ID_KINDS = (
    (re.compile(r"^sources\[\d+\]$"), "source id"),
    (re.compile(r"(^key_figures|\.metrics)\[\d+\]$"), "figure id"),
    (re.compile(r"(^sections|\.(clusters|links|platforms|reforms|items))\[\d+\]$"), "id"),
)


def duplicate_ids(root: yaml.Node, file: str, limit: int = 50) -> list[Problem]:
    """Return an error for each id used twice in a region file, read from its YAML nodes (`limit` at most).

    The loader finds these once a file is otherwise valid; this finds them in a
    refused file too, so every problem is listed at once.
    """
    problems: list[Problem] = []
    first: dict[tuple[str, str], str] = {}
    for node, path in _walk(root):
        kind = next((name for pattern, name in _ID_KINDS if pattern.search(path)), None)
        if kind is None or not isinstance(node, yaml.MappingNode):
            continue
        value = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "id"), None)
        if not isinstance(value, yaml.ScalarNode):
            continue
        key = (kind, value.value)
        if key in first:
            problems.append(Problem(file, *where(value), path + ".id",
                                    f"the {kind} {value.value!r} is used twice (first at {first[key]})"))
            if len(problems) >= limit:
                break
        first.setdefault(key, path)
    return problems


_YAML_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
DEEP = 100  # nesting (brackets, or indentation in columns / 2) at which a place is "too deep" to be meant


def _locate(problem: Problem) -> Problem:
    """Return `problem` located in its file when YAML gave no line: a refused character, or too deep nesting."""
    if problem.line or not (problem.message.startswith("YAML syntax") or "nested too deeply" in problem.message):
        return problem
    try:
        text = Path(problem.file).read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return problem
    if "nested too deeply" in problem.message:
        at = _too_deep(text)
        return problem if at is None else replace(problem, line=at[0], column=at[1])
    match = _YAML_UNPRINTABLE.search(text)
    if not match:
        return problem
    line, col = _line_col(text, match.start())
    ch = match.group()
    what = "the control character" if unicodedata.category(ch) == "Cc" else "the character"
    return Problem(problem.file, line, col, "", f"contains {what} U+{ord(ch):04X}, which YAML does not allow; "
                   "delete it (it is invisible in most editors)")


def _line_col(text: str, index: int) -> tuple[int, int]:
    """Return the 1-based line and column of `text[index]`, lines ending as editors end them."""
    breaks = list(re.finditer(r"\r\n|\r|\n", text[:index]))
    return len(breaks) + 1, index - (breaks[-1].end() if breaks else 0) + 1


def _too_deep(text: str) -> tuple[int, int] | None:
    """Return where nesting first goes deeper than DEEP levels: by brackets, or by indentation."""
    depth = 0
    for i, ch in enumerate(text):
        if ch in "[{":
            depth += 1
            if depth > DEEP:
                return _line_col(text, i)
        elif ch in "]}":
            depth = max(0, depth - 1)
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), 1):
        indent = len(line) - len(line.lstrip(" -"))
        if indent > 2 * DEEP:
            return number, indent + 1
    return None


# -- the whole inspection ------------------------------------------------------------------


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
        raise ContentError([_locate(p) for p in exc.problems]) from None
    edition, edition_locations, edition_file = None, {}, ""
    region_path = path
    if _find(composed[0], "edition") is not None:
        try:
            edition = load_edition(path, composed)
        except ContentError as exc:
            raise ContentError([_locate(p) for p in exc.problems]) from None
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
    strings = list(_strings(region))
    problems = _lengths(texts, strings, region.languages, locations, file)
    problems += _missing_in(texts, region.languages, brand, locations, file)
    problems += _missing_in_strings(region, brand, locations, file)
    problems += _untranslated(texts, region.languages, locations, file)
    problems += _stale(region, max_age_months, today or date.today(), locations, file)
    problems += _uncited(region, locations, file)
    problems += _conflicting_figures(region, locations, file)
    problems += glossary_warnings(texts, region.glossary, locations, file)
    if edition is not None:
        extra = list(edition.texts())
        problems += glossary_warnings(extra, region.glossary, got.edition_locations, got.edition_file)
        langs = edition.languages or region.languages
        problems += _lengths(extra, [], langs, got.edition_locations, got.edition_file)
        problems += _missing_in(extra, langs, brand, got.edition_locations, got.edition_file)
        problems += _untranslated(extra, langs, got.edition_locations, got.edition_file)
    return region, edition, sorted(problems, key=lambda p: (p.file != got.edition_file, p.file, p.line, p.column))
