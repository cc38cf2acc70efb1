"""The command line: `briefing build | check | schema`. The only place that prints errors."""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from . import __version__
from .errors import BriefingError, ContentError, OutputError, Problem, UsageError

DEFAULT_FILE = Path("data/qiantang.yaml")
FORMATS = ("pdf", "docx")
EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits 2 already; keep its usage line, add a hint
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"error: {message}\nhint: run '{self.prog} --help' for the options\n")


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="briefing", description="Turn a region's YAML content into branded PDF and Word briefings "
                "in Chinese and English.")
    p.add_argument("--version", action="version", version=f"briefing {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    b = sub.add_parser("build", help="write PDF and Word briefings into the output folder",
                       description="Build briefings. With no FILE, builds data/qiantang.yaml. "
                       "Output files are named <id>-<lang>.<ext>.")
    b.add_argument("files", nargs="*", type=Path, metavar="FILE", help="region or edition files (.yaml)")
    b.add_argument("--lang", help="languages to build, comma-separated: zh,en (default: the file's)")
    b.add_argument("--format", dest="formats", default="pdf,docx", help="formats: pdf,docx (default: both)")
    b.add_argument("--out", type=Path, default=Path("output"), help="output folder (default: output)")
    c = sub.add_parser("check", help="validate content files without building",
                       description="Validate content files: exit 0 when fine, 1 for content problems.")
    c.add_argument("files", nargs="+", type=Path, metavar="FILE")
    s = sub.add_parser("schema", help="print the JSON Schema of the content format",
                       description="Print the JSON Schema of region files (default) or edition files.")
    s.add_argument("kind", nargs="?", default="region", choices=("region", "edition"))
    return p


def split_list(value: str | None, allowed: tuple[str, ...], what: str) -> list[str] | None:
    """Return the comma-separated choices of an option, refusing unknown ones."""
    if value is None:
        return None
    items = [v.strip() for v in value.split(",") if v.strip()]
    for item in items:
        if item not in allowed:
            raise UsageError(f"unknown {what} {item!r}", hint=f"choose from: {', '.join(allowed)}")
    if not items:
        raise UsageError(f"no {what} given", hint=f"choose from: {', '.join(allowed)}")
    return items


def write_atomically(path: Path, render) -> None:
    """Call render(tmp_path), then move the result over `path`; a failure leaves `path` as it was."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(f"cannot write to {path.parent}: {exc.strerror}") from None
    try:
        render(Path(tmp))
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def human_size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def cmd_build(args) -> int:
    from .brand import default_brand
    from .layout import layout
    from .checks import inspect
    from .render.registry import renderer

    langs = split_list(args.lang, ("zh", "en"), "language")
    formats = split_list(args.formats, FORMATS, "format")
    files = args.files or [DEFAULT_FILE]
    start = time.perf_counter()
    brand = default_brand()
    jobs, problems = [], []
    for path in files:  # validate everything first: nothing is written for a refused file
        try:
            region, edition, found = inspect(path, brand)
        except ContentError as exc:
            problems += exc.problems
            continue
        problems += found
        wanted = langs or (edition.languages if edition and edition.languages else region.languages)
        missing = [lang for lang in wanted if lang not in region.languages]
        if missing:
            raise UsageError(f"{path} has no {', '.join(missing)} texts", hint=f"it has: {', '.join(region.languages)}")
        jobs.append((region, edition, wanted))
    if any(p.severity == "error" for p in problems):
        raise ContentError(problems)
    written = 0
    for region, edition, wanted in jobs:
        stem = region.id + (f"-{edition.id}" if edition else "")
        for lang in wanted:
            doc = layout(region, lang, edition)
            for fmt in formats:
                out = args.out / f"{stem}-{lang}.{fmt}"
                pages: list[int] = []
                write_atomically(out, lambda tmp: pages.append(renderer(fmt)(doc, brand, tmp)))
                detail = f"{pages[0]} pages, " if pages and pages[0] else ""
                print(f"wrote {out} ({detail}{human_size(out.stat().st_size)})")
                written += 1
    print(f"built {written} file{'s' if written != 1 else ''} in {time.perf_counter() - start:.2f} s")
    return EXIT_OK


def cmd_check(args) -> int:
    from .checks import inspect

    problems: list[Problem] = []
    for path in args.files:
        try:
            problems += inspect(path)[2]
        except ContentError as exc:
            problems += exc.problems
    errors = [p for p in problems if p.severity == "error"]
    for problem in problems:
        print(problem, file=sys.stderr)
    if errors:
        print(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found", file=sys.stderr)
        return EXIT_CONTENT
    print(f"ok: {len(args.files)} file{'s' if len(args.files) != 1 else ''} checked")
    return EXIT_OK


def cmd_schema(args) -> int:
    from .format import json_schema

    print(json.dumps(json_schema(args.kind), ensure_ascii=False, indent=2))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Run the command line with `argv` (default: sys.argv[1:]); return the exit status."""
    p = parser()
    try:
        args = p.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if not args.command:
        p.print_help()
        return EXIT_USAGE
    handler = {"build": cmd_build, "check": cmd_check, "schema": cmd_schema}[args.command]
    try:
        return handler(args)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        n = len([p for p in exc.problems if p.severity == "error"])
        print(f"{n} problem{'s' if n != 1 else ''} found; nothing was written", file=sys.stderr)
        return EXIT_CONTENT
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        if exc.hint:
            print(f"hint: {exc.hint}", file=sys.stderr)
        return EXIT_USAGE
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("hint: choose another folder with --out", file=sys.stderr)
        return EXIT_CONTENT
    except BriefingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
