"""A small schema language over YAML nodes: validates with locations, exports JSON Schema.

Validation walks the composed YAML node tree (never constructed Python objects,
so no tag can run code) and records every problem with its line and column.
Each schema type turns a node into a plain Python value; `Obj` can hand its
fields to a `make` function that builds a model object.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Callable

import yaml

from briefing.content import scalars
from briefing.errors import Problem

STR_TAG = "tag:yaml.org,2002:str"
INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
BOOL_TAG = "tag:yaml.org,2002:bool"
NULL_TAG = "tag:yaml.org,2002:null"
PLAIN_TAGS = {STR_TAG, INT_TAG, FLOAT_TAG, BOOL_TAG, NULL_TAG, "tag:yaml.org,2002:timestamp"}

MAX_DEPTH = 40
MAX_NODES = 200_000


class Invalid(Exception):
    """Raised inside a check: the node is wrong in the way the message says."""


@dataclass
class Context:
    """What a validation run carries along: file, languages, problems, budget."""

    file: str
    languages: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    locations: dict[str, tuple[int, int]] = field(default_factory=dict)
    nodes: int = 0
    exhausted: bool = False

    def report(self, node: yaml.Node | None, path: str, message: str, severity: str = "error") -> None:
        line, col = where(node)
        self.problems.append(Problem(self.file, line, col, path, message, severity))


def where(node: yaml.Node | None) -> tuple[int, int]:
    """Return the 1-based (line, column) where `node` starts."""
    if node is None or node.start_mark is None:
        return 0, 0
    return node.start_mark.line + 1, node.start_mark.column + 1


def describe(node: yaml.Node) -> str:
    """Return how a reader would name what `node` holds."""
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node.tag == NULL_TAG:
        return "nothing"
    value = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    return f"{value!r}"


def join(path: str, key: str | int) -> str:
    """Return the document path of `key` below `path`."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class Type:
    """A schema type: `check` returns the value of a node or reports and returns None."""

    description: str = ""

    def validate(self, node: yaml.Node, path: str, ctx: Context, depth: int = 0) -> Any:
        ctx.nodes += 1
        if ctx.nodes > MAX_NODES or depth > MAX_DEPTH:
            if not ctx.exhausted:
                ctx.exhausted = True
                what = ("nested too deeply" if depth > MAX_DEPTH else
                        f"too large: more than {MAX_NODES:,} values (each use of a YAML alias counted)")
                ctx.report(node, path, f"the document is {what}; refusing to read further")
            return None
        if node.tag not in PLAIN_TAGS and not isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            ctx.report(node, path, f"YAML tags such as {node.tag!r} are not allowed; write a plain value")
            return None
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in (
            "tag:yaml.org,2002:map",
            "tag:yaml.org,2002:seq",
        ):
            ctx.report(node, path, f"YAML tags such as {node.tag!r} are not allowed")
            return None
        ctx.locations.setdefault(path, where(node))
        try:
            return self.check(node, path, ctx, depth)
        except Invalid as exc:
            ctx.report(node, path, str(exc))
            return None

    def check(self, node: yaml.Node, path: str, ctx: Context, depth: int) -> Any:
        raise NotImplementedError

    def json(self) -> dict:
        raise NotImplementedError


def scalar(node: yaml.Node, expected: str) -> str:
    """Return the raw text of a scalar node, or raise Invalid naming `expected`."""
    if not isinstance(node, yaml.ScalarNode) or node.tag == NULL_TAG:
        raise Invalid(f"expected {expected}, found {describe(node)}")
    return node.value


class Str(Type):
    def __init__(self, pattern: str | None = None, expected: str = "a text", description: str = ""):
        self.pattern = re.compile(pattern) if pattern else None
        self.expected = expected
        self.description = description

    def check(self, node, path, ctx, depth):
        value = scalar(node, self.expected)
        if self.pattern and not self.pattern.fullmatch(value):
            raise Invalid(f"expected {self.expected}, found {describe(node)}")
        if not value.strip():
            raise Invalid(f"expected {self.expected}, found an empty text")
        return value

    def json(self):
        out: dict = {"type": "string", "minLength": 1}
        if self.pattern:
            out["pattern"] = f"^(?:{self.pattern.pattern})$"
        if self.description:
            out["description"] = self.description
        return out


class Num(Type):
    def __init__(self, minimum: float | None = None, description: str = ""):
        self.minimum = minimum
        self.description = description

    def check(self, node, path, ctx, depth):
        raw = scalar(node, "a number")
        yaml12 = node.tag == STR_TAG and not node.style and scalars.looks_numeric(raw)  # 1e3 is a float in YAML 1.2
        if (node.tag not in (INT_TAG, FLOAT_TAG) and not yaml12) or node.style in ("'", '"'):
            hint = ""
            if re.search(r"[亿万千百]", raw):
                hint = " (write the plain number in base units: 46.3亿 is 4630000000)"
            elif "," in raw:
                hint = " (leave out the thousands separators)"
            raise Invalid(f"expected a plain number, found {describe(node)}{hint}")
        try:  # read as YAML 1.2 reads decimals: 0050, 1:30, 0x1F and 1_000 are refused, not reinterpreted
            value = scalars.number(raw)
        except scalars.Refused as exc:
            raise Invalid(str(exc)) from None
        if self.minimum is not None and value < self.minimum:
            raise Invalid(f"expected a number of at least {self.minimum}, found {value}")
        return value

    def json(self):
        out: dict = {"type": "number"}
        if self.minimum is not None:
            out["minimum"] = self.minimum
        if self.description:
            out["description"] = self.description
        return out


class Enum(Type):
    def __init__(self, *values: str, description: str = "", aliases: dict[str, str] | None = None):
        self.values = values
        self.description = description
        self.aliases = aliases or {}

    def check(self, node, path, ctx, depth):
        value = scalar(node, "one of " + ", ".join(self.values))
        if value not in self.values:
            hint = f"; did you mean {self.aliases[value]!r}?" if value in self.aliases else suggest(value, self.values)
            raise Invalid(f"expected one of {', '.join(self.values)}, found {describe(node)}{hint}")
        return value

    def json(self):
        out: dict = {"enum": list(self.values)}
        if self.description:
            out["description"] = self.description
        return out


DATE_FORMS = {
    "year": (r"\d{4}", "YYYY"),
    "quarter": (r"\d{4}-Q[1-4]", "YYYY-Qn"),
    "month": (r"\d{4}-(0[1-9]|1[0-2])", "YYYY-MM"),
    "day": (r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])", "YYYY-MM-DD"),
}


class Date(Type):
    """A calendar period written as text; YAML's own date parsing is bypassed."""

    def __init__(self, *forms: str, description: str = ""):
        self.forms = forms
        self.description = description

    @property
    def expected(self) -> str:
        return " or ".join(DATE_FORMS[f][1] for f in self.forms)

    def check(self, node, path, ctx, depth):
        value = scalars.date_text(scalar(node, f"a date ({self.expected})"))
        if not any(re.fullmatch(DATE_FORMS[f][0], value, re.ASCII) for f in self.forms):
            raise Invalid(f"expected a date ({self.expected}) in digits 0-9, found {describe(node)}")
        problem = scalars.date_problem(value)
        if problem:
            raise Invalid(problem)
        return value

    def json(self):
        pattern = "|".join(DATE_FORMS[f][0] for f in self.forms)
        return {"type": ["string", "integer"] if "year" in self.forms else "string",
                "pattern": f"^(?:{pattern})$", "description": self.description or self.expected}


class TextType(Type):
    """A mapping from each of the file's languages to a string."""

    def __init__(self, make: Callable[[dict, str], Any], description: str = ""):
        self.make = make
        self.description = description

    def check(self, node, path, ctx, depth):
        if not isinstance(node, yaml.MappingNode):
            langs = ", ".join(ctx.languages) or "zh, en"
            raise Invalid(f"expected a text in each language ({langs}: ...), found {describe(node)}")
        if _merge_key(node, path, ctx):
            return None
        values: dict[str, str] = {}
        ok = True
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            sub = join(path, str(key))
            if key is None:
                ctx.report(key_node, path, "a key must be a language code such as zh or en, not "
                           + describe(key_node))
                ok = False
                continue
            if key not in ctx.languages:
                ctx.report(key_node, sub, f"{key!r} is not one of the file's languages ({', '.join(ctx.languages)})"
                           + suggest(str(key), ctx.languages))
                ok = False
                continue
            if key in values:
                ctx.report(key_node, sub, f"the {key} text is given twice")
                ok = False
                continue
            ctx.nodes += 1
            ctx.locations.setdefault(sub, where(value_node))
            try:
                text = scalar(value_node, "a text")
                if value_node.tag not in PLAIN_TAGS:
                    raise Invalid(f"YAML tags such as {value_node.tag!r} are not allowed")
                if not text.strip():
                    raise Invalid(f"the {key} text is empty")
            except Invalid as exc:
                ctx.report(value_node, sub, str(exc))
                ok = False
                continue
            values[key] = text
        for lang in ctx.languages:
            if lang not in values and not any(
                isinstance(k, yaml.ScalarNode) and k.value == lang for k, _ in node.value
            ):
                ctx.report(node, join(path, lang), f"missing the {lang} text")
                ok = False
        return self.make(values, path) if ok else None

    def json(self):
        return {"$ref": "#/$defs/Text"}


class ListOf(Type):
    def __init__(self, item: Type, min_items: int = 0, max_items: int | None = None, description: str = ""):
        self.item = item
        self.min_items = min_items
        self.max_items = max_items
        self.description = description

    def check(self, node, path, ctx, depth):
        if not isinstance(node, yaml.SequenceNode):
            raise Invalid(f"expected a list, found {describe(node)}")
        n = len(node.value)
        if n < self.min_items or (self.max_items is not None and n > self.max_items):
            span = f"{self.min_items} to {self.max_items}" if self.max_items else f"at least {self.min_items}"
            ctx.report(node, path, f"expected {span} entries, found {n}")
        out = [self.item.validate(child, join(path, i), ctx, depth + 1) for i, child in enumerate(node.value)]
        return [v for v in out if v is not None]

    def json(self):
        out: dict = {"type": "array", "items": self.item.json()}
        if self.min_items:
            out["minItems"] = self.min_items
        if self.max_items is not None:
            out["maxItems"] = self.max_items
        if self.description:
            out["description"] = self.description
        return out


@dataclass
class Field:
    type: Type
    required: bool = False


class Obj(Type):
    """A mapping with known keys; unknown keys are refused with a suggestion."""

    def __init__(self, name: str, fields: dict[str, Field], make: Callable[[dict, str], Any] | None = None,
                 description: str = ""):
        self.name = name
        self.fields = fields
        self.make = make
        self.description = description

    def check(self, node, path, ctx, depth):
        if not isinstance(node, yaml.MappingNode):
            raise Invalid(f"expected a mapping ({self.name}), found {describe(node)}")
        if _merge_key(node, path, ctx):
            return None
        values: dict[str, Any] = {}
        seen: set[str] = set()
        failed = False
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                ctx.report(key_node, path, "a key must be a plain word")
                failed = True
                continue
            key = key_node.value
            sub = join(path, key)
            if key in seen:
                ctx.report(key_node, sub, f"the key {key!r} is given twice")
                failed = True
                continue
            seen.add(key)
            spec = self.fields.get(key)
            if spec is None:
                ctx.report(key_node, sub, f"unknown key {key!r}{suggest(key, list(self.fields))}")
                failed = True
                continue
            before = len(ctx.problems)
            value = spec.type.validate(value_node, sub, ctx, depth + 1)
            if len(ctx.problems) > before:
                failed = True
            if value is not None:
                values[key] = value
        for key, spec in self.fields.items():
            if spec.required and key not in seen:
                ctx.report(node, join(path, key), f"missing required key {key!r}")
                failed = True
        if failed:
            return None
        return self.make(values, path) if self.make else values

    def json(self):
        out: dict = {
            "type": "object",
            "properties": {k: f.type.json() for k, f in self.fields.items()},
            "additionalProperties": False,
        }
        required = [k for k, f in self.fields.items() if f.required]
        if required:
            out["required"] = required
        if self.description:
            out["description"] = self.description
        return out


class OneOf(Type):
    """A value that may take one of several shapes, chosen by the node's kind."""

    def __init__(self, scalar_type: Type, mapping_type: Type, expected: str, description: str = ""):
        self.scalar_type = scalar_type
        self.mapping_type = mapping_type
        self.expected = expected
        self.description = description

    def check(self, node, path, ctx, depth):
        if isinstance(node, yaml.MappingNode):
            return self.mapping_type.check(node, path, ctx, depth)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar_type.check(node, path, ctx, depth)
        raise Invalid(f"expected {self.expected}, found {describe(node)}")

    def json(self):
        out: dict = {"oneOf": [self.scalar_type.json(), self.mapping_type.json()]}
        if self.description:
            out["description"] = self.description
        return out


def _merge_key(node: yaml.MappingNode, path: str, ctx: Context) -> bool:
    """Report a YAML merge key (<<) once, for the whole mapping, and return whether there was one."""
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == "<<" and not key_node.style:
            ctx.report(key_node, join(path, "<<"), "YAML merge keys (<<) are not allowed; write the keys out")
            return True
    return False


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """Return "; did you mean 'x'?" for the closest choice, or "" when none is close."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not close:
        close = [c for c in choices if c.lower() == word.lower()]
    return f"; did you mean {close[0]!r}?" if close else ""
