"""Read region and edition files into the model, locating every problem."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from briefing.content import format as fmt
from briefing.content import model as m
from briefing.errors import ContentError, Problem, display_path
from briefing.safeio import Unreadable, check_regular, read_limited
from briefing.content.schema import STR_TAG, Context, describe, where

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ID = 64  # <region>-<edition>-<lang>-print.pdf stays well inside a file system's 255 bytes


def read_text(path: Path) -> str:
    """Return the text of `path`, refusing what a person could not have meant as content."""
    name = display_path(path)
    try:  # a regular file only, its size checked before it is read: a pipe or /dev/zero cannot block or fill memory
        data = read_limited(path, MAX_FILE_BYTES, "content files", "a content file")
    except Unreadable as exc:
        raise ContentError([Problem(name, 0, 0, "", str(exc))]) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        raise ContentError([Problem(name, line, col, "", "is not UTF-8 text: save it as UTF-8 "
                                    "(in most editors: Save As, Encoding: UTF-8)")]) from None
    lines = text.replace("\r\n", "\n")
    found = _REFUSED.search(lines)
    if found:
        at, ch = found.start(), found.group()
        lineno, col = lines.count("\n", 0, at) + 1, at - lines.rfind("\n", 0, at)
        if ch in "\u2028\u2029":  # YAML counts them as line breaks, editors do not: every later line would be off
            raise ContentError([Problem(name, lineno, col, "", f"contains U+{ord(ch):04X} "
                                        f"{'LINE' if ch == chr(0x2028) else 'PARAGRAPH'} SEPARATOR, an invisible "
                                        "line break; delete it, or start a new line with Enter")])
        raise ContentError([Problem(name, lineno, col, "", f"contains the control character U+{ord(ch):04X}; "
                                    "delete it (it is invisible in most editors)")])
    return text


# what read_text refuses: controls but tab, line feed and carriage return; C1 controls; the two non-characters
# U+FFFE and U+FFFF; the line and paragraph separators
_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def compose(path: Path) -> tuple[yaml.Node, str]:
    """Return the YAML node tree of `path` and its display name; nothing is constructed."""
    name = display_path(path)
    text = read_text(path)
    if not text.strip():
        raise ContentError([Problem(name, 1, 1, "", "the file is empty")])
    try:
        node = yaml.compose(text, Loader=_loader_for(text))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        message = " ".join(filter(None, [exc.context, exc.problem])) or "is not valid YAML"
        raise ContentError([Problem(name, line, col, "", f"YAML syntax: {message}")]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(name, 0, 0, "", f"YAML syntax: {exc}")]) from None
    except RecursionError:
        raise ContentError([Problem(name, 0, 0, "", "the document is nested too deeply")]) from None
    if node is None:
        raise ContentError([Problem(name, 1, 1, "", "the file is empty")])
    return node, name


SHALLOW = 120  # nesting below which libyaml's fast (recursive, unguarded) composer is safe


def _loader_for(text: str):
    """Return libyaml's safe loader for ordinary files, PyYAML's guarded one for deep nesting.

    libyaml composes ten times faster but recurses without a limit (deep nesting
    crashes the interpreter); the pure-Python composer stops at Python's
    recursion limit, which we report as "nested too deeply".
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is None:
        return yaml.SafeLoader
    depth = 0
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        dashes = len(stripped) - len(stripped.lstrip("- ?"))
        depth = max(depth, indent + dashes)
        if depth > SHALLOW:
            return yaml.SafeLoader
    if text.count("[") + text.count("{") <= SHALLOW:  # too few brackets to nest deeper
        return fast
    opened = 0
    for ch in text:
        if ch in "[{":
            opened += 1
            if opened > SHALLOW:
                return yaml.SafeLoader
        elif ch in "]}":
            opened -= 1
    return fast


def _languages(root: yaml.Node) -> list[str]:
    """Return the languages a file declares, so its texts can be checked before the rest."""
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "languages" and isinstance(value, yaml.SequenceNode):
                langs = [v.value for v in value.value if isinstance(v, yaml.ScalarNode)]
                return [lang for lang in langs if lang in m.SUPPORTED_LANGUAGES] or list(m.SUPPORTED_LANGUAGES)
    return list(m.SUPPORTED_LANGUAGES)


def load_region(path: Path | str) -> m.Region:
    """Return the Region of a region file, or raise ContentError listing every problem."""
    region, _ = load_region_with_locations(path)
    return region


def load_region_with_locations(path: Path | str, composed: tuple[yaml.Node, str] | None = None
                               ) -> tuple[m.Region, Context]:
    """Return the Region and the validation context (which keeps each path's location).

    `composed` is the file's (node tree, display name) when the caller has read it already.
    """
    path = Path(path)
    root, name = composed or compose(path)
    ctx = Context(file=name, languages=_languages(root))
    if not isinstance(root, yaml.MappingNode):
        raise ContentError([Problem(name, *where(root), "", f"expected a region file (a mapping with format, id, "
                                    f"languages, ...), found {describe(root)}")])
    values = fmt.REGION.validate(root, "", ctx)
    if values is not None:
        region = fmt.build_region(values, path)
        _cross_check(region, ctx)
    if ctx.problems:
        raise ContentError(sorted(ctx.problems, key=lambda p: (p.line, p.column)))
    return region, ctx


def _cross_check(region: m.Region, ctx: Context) -> None:
    """Report what the schema alone cannot see: duplicate ids, unknown sources."""

    def at(path: str, message: str) -> None:
        line, col = ctx.locations.get(path, (0, 0))
        ctx.problems.append(Problem(ctx.file, line, col, path, message))

    if len(region.id) > MAX_ID:
        at("id", f"the id is {len(region.id)} characters long; an id names the output files and has at most {MAX_ID}")
    source_ids: dict[str, str] = {}
    for src in region.sources:
        if src.id in source_ids:
            at(src.path + ".id", f"the source id {src.id!r} is used twice (first at {source_ids[src.id]})")
        source_ids.setdefault(src.id, src.path)
    metric_ids: dict[str, str] = {}
    for metric in region.metrics():
        if metric.id in metric_ids:
            at(metric.path + ".id", f"the figure id {metric.id!r} is used twice (first at {metric_ids[metric.id]})")
        metric_ids.setdefault(metric.id, metric.path)
        if metric.unit == "rank" and not (isinstance(metric.value, int) and metric.value >= 1):
            at(metric.path + ".value", f"a rank is a whole number, 1 or more (6 prints as 6th), found {metric.value!r}")
        if metric.source and metric.source not in source_ids:
            known = ", ".join(list(source_ids)[:10]) + (f" and {len(source_ids) - 10} more" if len(source_ids) > 10 else "")
            at(metric.path + ".source", f"no source has the id {metric.source!r}; sources: {known or 'none'}")
    ids: dict[str, str] = {}
    for sec in region.chapters():
        if sec.title is not None:  # a further section: its id must not clash with another
            if sec.id in ids or sec.id.replace("-", "_") in m.FIXED_SECTIONS + ("key_figures", "contacts"):
                at(sec.path + ".id", f"the section id {sec.id!r} is used twice")
            ids.setdefault(sec.id, sec.path)
        for item in sec.items:
            if item.id in ids:
                at(item.path + ".id", f"the id {item.id!r} is used twice (first at {ids[item.id]})")
            ids.setdefault(item.id, item.path)


EDITION_SECTIONS = ("key_figures", *m.FIXED_SECTIONS, "contacts")


def load_edition(path: Path | str, composed: tuple[yaml.Node, str] | None = None) -> m.Edition:
    """Return the Edition of an edition file with its region loaded, or raise ContentError."""
    path = Path(path)
    root, name = composed or compose(path)
    region_node = _find(root, "edition", "region")
    region_path, refused = None, None
    if region_node is not None and isinstance(region_node, yaml.ScalarNode) and region_node.tag == STR_TAG:
        region_path, refused = _region_path(path, region_node.value)
    region = load_region(region_path) if region_path is not None and refused is None else None
    langs = region.languages if region else list(m.SUPPORTED_LANGUAGES)
    ctx = Context(file=name, languages=langs)
    values = fmt.EDITION.validate(root, "", ctx)
    if refused is not None:
        ctx.problems = [p for p in ctx.problems if p.path != "edition.region"]
        ctx.report(region_node, "edition.region", refused)
        raise ContentError(ctx.problems)
    if values is not None and region is not None:
        info = values["edition"]
        edition = m.Edition(
            id=info["id"], region_file=region_path, audience=info["audience"], date=info["date"],
            sections=info["sections"], languages=info.get("languages"), focus=info.get("focus", []),
            message=info.get("message"), greeting=info.get("greeting"), signatory=info.get("signatory"),
            file=path, region=region,
        )
        _check_edition(edition, root, ctx)
        if not ctx.problems:
            return edition
    raise ContentError(sorted(ctx.problems, key=lambda p: (p.line, p.column)))


def _region_path(edition: Path, written: str) -> tuple[Path | None, str | None]:
    """Return the region file an edition names and why it cannot be used (None when it can).

    The region must lie in the edition's folder tree: its folder, or the folder
    above when the edition is in an `editions` folder (data/ for data/editions/).
    """
    folder = edition.parent
    root = folder.parent if folder.name == "editions" else folder
    rule = ("an edition's region is a .yaml file in the edition's folder, or in the folder above an editions/ "
            "folder, written relative to the edition (such as ../qiantang.yaml)")
    written_path = Path(written)
    if written_path.is_absolute() or written.startswith("~"):
        return None, f"{_excerpt(written)} is an absolute path; {rule}"
    target = folder / written_path
    try:
        real = target.resolve()
        inside_root = real.is_relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):
        return None, f"{_excerpt(written)} is a link that leads back to itself (a link loop)"
    if not inside_root:
        return None, f"{_excerpt(written)} leads outside the content folder; {rule}"
    if real.suffix.lower() not in (".yaml", ".yml"):
        return None, f"{_excerpt(written)} is not a .yaml file; {rule}"
    try:
        if real == edition.resolve():
            return None, "names this edition itself; name the region file the edition is for"
    except (OSError, RuntimeError):
        pass
    try:
        check_regular(target, "a region file")
    except Unreadable as exc:
        return None, (f"no region file at {display_path(target)}" if str(exc) == "no such file"
                      else f"{display_path(target)} {exc}")
    return target, None


def _excerpt(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[:limit - 3] + "...")


def load_any(path: Path | str) -> tuple[m.Region, m.Edition | None]:
    """Return (region, None) for a region file, (its region, edition) for an edition file."""
    path = Path(path)
    root, _ = compose(path)
    if _find(root, "edition") is not None:
        edition = load_edition(path)
        return edition.region, edition
    return load_region(path), None


def _find(root: yaml.Node, *keys: str) -> yaml.Node | None:
    node = root
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return None
        node = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
        if node is None:
            return None
    return node


def _check_edition(edition: m.Edition, root: yaml.Node, ctx: Context) -> None:
    """Report sections, items and languages an edition names that its region lacks."""
    region = edition.region
    if len(edition.id) > MAX_ID:
        node = _find(root, "edition", "id")
        ctx.report(node, "edition.id", f"the id is {len(edition.id)} characters long; an id names the output files "
                   f"and has at most {MAX_ID}")
    sections = [s for s in EDITION_SECTIONS if s != "contacts" or region.contacts] + [s.id for s in region.sections]
    items = [item.id for sec in region.chapters() for item in sec.items]
    for key, named, known, what in (("sections", edition.sections, sections, "section"),
                                    ("focus", edition.focus, items, "item"),
                                    ("languages", edition.languages or [], region.languages, "{} texts")):
        nodes = _find(root, "edition", key)
        for i, name in enumerate(named):
            node = nodes.value[i] if isinstance(nodes, yaml.SequenceNode) else None
            if name not in known:
                thing = what.format(name) if "{}" in what else f"{what} {name!r}"
                ctx.report(node, f"edition.{key}[{i}]", f"the region has no {thing}; it has: " + ", ".join(known))
            elif name in named[:i]:  # a chapter printed twice, its bookmarks twice (Word keeps only one)
                ctx.report(node, f"edition.{key}[{i}]", f"{name!r} is named twice (first at {key}[{named.index(name)}]); "
                           "name each once")
