"""One exception family; only the CLI turns these into messages and exit codes."""
from __future__ import annotations

import os
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
    """Return `path` as the user would write it: relative to the working folder if inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel
