"""One exception family; only the CLI turns these into messages and exit codes."""
from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as we can."""

    file: str
    line: int  # 1-based; 0 when unknown
    column: int  # 1-based; 0 when unknown
    path: str  # document path: "industries.clusters[2].name.en"; "" for the whole file
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column}"
        what = f"{self.path}: {self.message}" if self.path else self.message
        tag = "" if self.severity == "error" else f"{self.severity}: "
        return f"{where}: {tag}{what}"


class BriefingError(Exception):
    """Base of every error the CLI reports without a traceback."""

    hint: str | None = None


class ContentError(BriefingError):
    """An input file breaks the content format; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(BriefingError):
    """The command line asks for something that cannot be done."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.hint = hint


class OutputError(BriefingError):
    """An output file could not be written."""


def display_path(path: Path) -> str:
    """Return `path` as the user would write it: relative to the working folder if inside it, shown visibly.

    A file name may hold characters that do not print as themselves (a
    RIGHT-TO-LEFT OVERRIDE that turns "txt.exe" around, an escape sequence that
    rewrites the terminal, a zero-width space): they are written as escapes.
    """
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return visible(str(path))
    return visible(str(path) if rel.startswith("..") else rel)


_HIDDEN = frozenset(("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"))


def visible(text: str) -> str:
    """Return `text` with every character that would not print as itself on a terminal written as an escape.

    Controls (but line feeds and tabs), bidirectional and other format characters
    (zero-width ones), line and paragraph separators, surrogates, private and
    unassigned code points become \\xNN, \\uNNNN or \\UNNNNNNNN; the rest is left as it is.
    Used for every path and message the command line prints.
    """
    if text.isascii() and text.isprintable():
        return text
    out = []
    for ch in text:
        if ch in "\n\t" or unicodedata.category(ch) not in _HIDDEN:
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return "".join(out)
