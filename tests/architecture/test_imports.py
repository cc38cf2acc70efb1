"""The package's shape: no import cycles (at module level or inside functions), imports pointing one way."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "briefing"

# A stage may import only the stages listed for it (and itself); `errors` and `tree` are for everyone.
ALLOWED = {
    "content": set(),
    "fonts": set(),
    "brand": {"content", "fonts"},
    "checks": {"content", "brand", "fonts"},
    "layout": {"content"},
    "charts": {"brand", "fonts", "typeset"},  # typeset: the one Han-Latin spacing rule
    "typeset": set(),
    "render": {"brand", "fonts", "charts", "typeset"},
    "build": {"content", "checks", "layout", "brand", "fonts", "render", "typeset"},
    "serve": {"content", "checks", "layout", "brand", "fonts", "render", "build"},
}
EVERYONE = {"errors", "tree", "safeio", "__init__"}  # safeio: reading input files safely (stdlib only)


def modules() -> dict[str, Path]:
    """Return every module of the package by dotted name."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Return the package's modules that `name` imports anywhere in its file (functions included)."""
    is_package = path.name == "__init__.py"
    here = name.split(".") if is_package else name.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(here[: len(here) - node.level + 1] + ([base] if base else []))
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        found.update(t for t in targets if t in known and t != name)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycles():
    assert cycles(graph()) == []


def test_imports_point_one_way():
    wrong = []
    for module, targets in graph().items():
        mine = stage(module)
        if mine not in ALLOWED:
            continue  # cli, __main__: the top may import anything
        for target in targets:
            theirs = stage(target)
            if theirs != mine and theirs not in EVERYONE and theirs not in ALLOWED[mine]:
                wrong.append(f"{module} imports {target}")
    assert wrong == []


@pytest.mark.parametrize("name", sorted(modules()))
def test_modules_are_small_and_say_what_they_own(name):
    path = modules()[name]
    source = path.read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 520, f"{name} has {len(source.splitlines())} lines"
    if source.strip():
        assert ast.get_docstring(ast.parse(source)), f"{name} has no docstring"
