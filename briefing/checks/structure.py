"""Locations in files the format refused: where each problem stands, ids used twice, nesting too deep."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Iterator

import yaml

from briefing.errors import Problem
from briefing.content.schema import MAX_NODES, join, where



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


def locate(problem: Problem) -> Problem:
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
