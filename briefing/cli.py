"""The command line: `briefing build | check | new | preview | serve | schema`. The only place that prints errors."""
from __future__ import annotations

import argparse
import builtins
import gc
import json
import os
import sys
from pathlib import Path

from briefing import __version__
from briefing.errors import BriefingError, ContentError, OutputError, Problem, UsageError, visible

DEFAULT_FILE = Path("data/qiantang.yaml")
FORMATS = ("pdf", "docx")
LANGS = ("zh", "en", "zh+en", "en+zh")  # a+b: the bilingual edition, a first
EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


OUTPUT_HINTS = {  # what to do when an output cannot be written, by command
    "build": "choose another folder with --out",
    "new": "choose another place with --out PATH",
    "preview": "choose another place with --out PNG",
    "reference-doc": "the brand's folder must be writable: copy the brand folder somewhere you may write and "
                     "give that copy with --brand PATH",
    "serve": "choose another folder with --out",
}


def print(*values, **kwargs) -> None:  # noqa: A001 - the command's one way to print
    """Print as the built-in does, every character that would not print as itself shown as an escape.

    A file named with a RIGHT-TO-LEFT OVERRIDE or an escape sequence, or a text
    quoted in a message, cannot rewrite what the terminal shows (errors.visible).
    """
    builtins.print(*(visible(str(v)) for v in values), **kwargs)


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
    b.add_argument("files", nargs="*", type=_file, metavar="FILE", help="region or edition files (.yaml)")
    b.add_argument("--lang", help="languages to build, comma-separated: zh,en (default: the file's); "
                   "zh+en builds one bilingual document, Chinese with English below")
    b.add_argument("--format", dest="formats", default="pdf,docx", help="formats: pdf,docx (default: both)")
    b.add_argument("--out", type=_out, default=Path("output"), help="output folder (default: output)")
    b.add_argument("--brand", metavar="NAME|PATH", help="brand: a folder under templates/ or a _brand.yml path")
    b.add_argument("--all", action="store_true", help="build every region and edition under data/, in parallel; "
                   "outputs newer than all their inputs are skipped")
    b.add_argument("--force", action="store_true", help="with --all: rebuild even up-to-date outputs")
    b.add_argument("--jobs", type=_jobs, metavar="N", help="with --all: processes to use (default: one per core)")
    b.add_argument("--strict", action="store_true", help="treat warnings (old content, untranslated text) as problems")
    b.add_argument("--max-age", type=_months, default=12, metavar="MONTHS",
                   help="warn about content older than this (default: 12; 0: never)")
    b.add_argument("--print", dest="press", action="store_true",
                   help="also write a press-ready PDF beside each PDF, <id>-<lang>-print.pdf: 3 mm bleed, "
                   "crop marks, CMYK colours from the brand")
    b.add_argument("--preview", action="store_true",
                   help="also write a contact sheet of each PDF's pages beside it, <name>-preview.png")
    c = sub.add_parser("check", help="validate content files without building",
                       description="Validate content files: exit 0 when fine, 1 for content problems.")
    c.add_argument("files", nargs="+", type=_file, metavar="FILE")
    c.add_argument("--strict", action="store_true", help="treat warnings as problems: exit 1 when there are any")
    c.add_argument("--max-age", type=_months, default=12, metavar="MONTHS",
                   help="warn about content (as_of) and sources dated more than MONTHS ago (default: 12; 0: never)")
    n = sub.add_parser("new", help="write a starter region file to fill in",
                       description="Write data/ID.yaml (or --out PATH): every section, a note on each field, "
                       "and placeholder texts that `briefing check` lists until they are written. "
                       "An existing file is never overwritten.")
    n.add_argument("id", help="the region's id: lower-case letters, digits and hyphens (names the output files)")
    n.add_argument("--out", type=_out, metavar="PATH", help="the file to write (default: data/ID.yaml)")
    v = sub.add_parser("preview", help="write a contact sheet PNG of a PDF's pages",
                       description="Write every page of a PDF, small and numbered, on one PNG "
                       "(default: FILE-preview.png beside the PDF).")
    v.add_argument("file", type=_file, metavar="FILE.pdf")
    v.add_argument("--out", type=_out, metavar="PNG", help="the PNG to write (default: FILE-preview.png)")
    v.add_argument("--columns", type=_columns, metavar="N", help="pages to a row (default: up to 6)")
    r = sub.add_parser("reference-doc", help="write a brand's Word reference document (reference.docx)",
                       description="Write the brand's reference.docx from its _brand.yml: every Word style the "
                       "briefings use, the page, and a paragraph in each style. Restyle it in Word; Word briefings "
                       "built with the brand then take their styles from it. An existing, different file "
                       "(edited in Word, or from an older _brand.yml) is replaced only with --force.")
    r.add_argument("--brand", metavar="NAME|PATH", help="brand: a folder under templates/ or a _brand.yml path")
    r.add_argument("--out", type=_out, metavar="PATH",
                   help="the file to write (default: reference.docx beside the brand's _brand.yml)")
    r.add_argument("--force", action="store_true", help="replace an existing reference.docx that differs")
    w = sub.add_parser("serve", help="preview a briefing in the browser, updated on every save",
                       description="Serve a live preview of FILE (default: data/qiantang.yaml) on this computer: "
                       "its pages in each language, as PDF or as Word would set them, and every problem "
                       "`briefing check` finds, updated on every save. Its Build button writes what "
                       "`briefing build` would; nothing is written otherwise.")
    w.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE, metavar="FILE", help="a region or edition file")
    w.add_argument("--lang", help="languages to show and for Build to write, comma-separated (default: the "
                   "file's, and its bilingual edition to show)")
    w.add_argument("--brand", metavar="NAME|PATH", help="brand: a folder under templates/ or a _brand.yml path")
    w.add_argument("--port", type=_port, metavar="N", help="port to listen on (default: 8642, or the next free one)")
    w.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this computer "
                   "only; anything else is reachable from the network)")
    w.add_argument("--open", action="store_true", help="open the preview in the default browser")
    w.add_argument("--out", type=_out, default=Path("output"), help="where Build writes (default: output)")
    w.add_argument("--max-age", type=_months, default=12, metavar="MONTHS",
                   help="warn about content older than this (default: 12; 0: never)")
    s = sub.add_parser("schema", help="print the JSON Schema of the content format",
                       description="Print the JSON Schema of region files (default) or edition files.")
    s.add_argument("kind", nargs="?", default="region", choices=("region", "edition"))
    return p


MAX_MONTHS = 1200  # a century: beyond it no date is checked, which 0 says plainly
MAX_JOBS = 256


def _whole(value: str, low: int, high: int, what: str) -> int:
    """Return a whole number from `low` to `high` written as ASCII digits, or refuse it as a usage error."""
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 6 or not low <= int(text) <= high:
        raise argparse.ArgumentTypeError(f"expected a whole number of {what} from {low} to {high}, "
                                         f"found {value[:40]!r}")
    return int(text)


def _months(value: str) -> int:
    """Return a --max-age value: a whole number of months, 0 (never) to a century."""
    return _whole(value, 0, MAX_MONTHS, "months (0: never)")


def _jobs(value: str) -> int:
    """Return a --jobs value: a whole number of processes, 1 or more."""
    return _whole(value, 1, MAX_JOBS, "processes")


def _file(value: str) -> Path:
    """Return a FILE argument as a path, refusing an empty one (which would name the current folder)."""
    if not value.strip():
        raise argparse.ArgumentTypeError("an empty file name; give the path of a file")
    if "\x00" in value:
        raise argparse.ArgumentTypeError("a file name with a NUL character")
    return Path(value)


def _out(value: str) -> Path:
    """Return an --out argument as a path, refusing an empty one (which silently meant the current folder)."""
    if not value.strip():
        raise argparse.ArgumentTypeError("an empty path; give the folder or file to write")
    if "\x00" in value:
        raise argparse.ArgumentTypeError("a path with a NUL character")
    return Path(value)


def _columns(value: str) -> int:
    """Return a --columns value: a whole number, 1 or more."""
    return _whole(value, 1, 200, "columns")


MAX_SHOWN = 50  # problems printed; after them, a count of the rest
MAX_MESSAGE = 600  # characters of one message


def report_problems(problems, stream=None) -> None:
    """Print each problem once, at most MAX_SHOWN of them, each at most MAX_MESSAGE characters, then the rest's count."""
    stream = stream or sys.stderr
    unique = list(dict.fromkeys(problems))
    for problem in unique[:MAX_SHOWN]:
        line = str(problem)
        print(line if len(line) <= MAX_MESSAGE else line[:MAX_MESSAGE - 3] + "...", file=stream)
    if len(unique) > MAX_SHOWN:
        rest = unique[MAX_SHOWN:]
        errors = sum(p.severity == "error" for p in rest)
        print(f"... and {len(rest):,} more ({errors:,} problem{'s' if errors != 1 else ''}, "
              f"{len(rest) - errors:,} warning{'s' if len(rest) - errors != 1 else ''}) not shown", file=stream)


def _port(value: str) -> int:
    """Return a --port value: a whole number from 1 to 65535."""
    if not value.strip().isdigit() or not 1 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 1 to 65535, found {value!r}")
    return int(value)


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


def cmd_build(args) -> int:
    # a build allocates many small objects and frees them all at the end: the cyclic
    # collector's passes over them cost about a quarter of the time and reclaim nothing
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _cmd_build(args)
    finally:
        if enabled:
            gc.enable()


def _cmd_build(args) -> int:
    from dataclasses import replace

    from briefing.build import batch
    from briefing.brand import resolve_brand
    from briefing.checks import inspect

    langs = split_list(args.lang, LANGS, "language")
    formats = split_list(args.formats, FORMATS, "format")
    if args.all and args.files:
        raise UsageError("give either FILEs or --all, not both", hint="--all builds every file under data/")
    if (args.press or args.preview) and "pdf" not in (formats or FORMATS):
        raise UsageError(f"{'--print' if args.press else '--preview'} works on the PDFs built, and --format "
                         "builds none", hint="add pdf to --format")
    start = batch.timer()
    brand = resolve_brand(args.brand)
    files = batch.discover(Path("data")) if args.all else (args.files or [DEFAULT_FILE])
    if args.all and not files:
        raise UsageError("no content files under data/", hint="run briefing from the project folder")
    outputs, problems, failed, loaded = [], [], [], {}
    files = list(dict.fromkeys(files))  # a file named twice is built once
    for path in files:
        try:
            region, edition, found = inspect(path, brand, max_age_months=args.max_age)
            if args.strict:
                found = [replace(p, severity="error") for p in found]
        except ContentError as exc:
            problems += exc.problems
            failed.append(batch.Result(path, False, str(exc.problems[0]) + (
                f" (and {len(exc.problems) - 1} more)" if len(exc.problems) > 1 else "")))
            continue
        errors = [p for p in found if p.severity == "error"]
        problems += found
        if errors:
            failed.append(batch.Result(path, False, str(errors[0])))
            continue
        wanted = batch.wanted_languages(path, region, edition, langs)
        loaded[Path(path)] = (region, edition)
        outputs += batch.plan(path, region, edition, brand, wanted, formats, args.out, args.press)
    clash = _clashing(outputs)
    if clash:
        raise UsageError(clash, hint="give each region and edition its own id")
    if not args.all:
        if any(p.severity == "error" for p in problems):
            raise ContentError(problems)  # nothing is written when any file is refused
        report_problems(problems)
        return _build_here(outputs, loaded, brand, start, args.preview)
    report_problems(problems)
    batch.preload(loaded, brand, args.brand)  # the workers fork with the checked content
    results = failed + batch.run(outputs, args.brand, args.force, args.jobs)
    if args.preview:
        _preview_built(results)
    print(batch.summary(results, batch.timer() - start))
    return EXIT_CONTENT if any(not r.ok for r in results) else EXIT_OK


def _clashing(outputs) -> str | None:
    """Return a message when two content files would write the same output (the same id), else None."""
    seen: dict = {}
    for out in outputs:
        first = seen.setdefault(out.path, out.source)
        if first != out.source:
            return (f"{first} and {out.source} would both write {out.path}: they have the same id, and one "
                    "would overwrite the other")
    return None


def _preview_built(results) -> None:
    """Write the contact sheet of each PDF of `results` that was written, or whose sheet is missing or older."""
    from briefing.build.contact_sheet import contact_sheet, default_output

    for r in results:
        sheet = default_output(r.path)
        if r.ok and r.path.suffix == ".pdf" and (not r.skipped or not sheet.is_file()
                                                 or sheet.stat().st_mtime < r.path.stat().st_mtime):
            print(f"wrote {contact_sheet(r.path)[0]} (contact sheet)")


def _build_here(outputs, loaded, brand, start, previews: bool = False) -> int:
    """Build the outputs of already validated files, in two processes where the machine has two cores.

    The processes are forked once the content is loaded, one per format (or per
    language when one format is asked for), so each imports only its renderer and
    the fonts it sets, at the same time as the other; results print in order.
    """
    from briefing.build import batch
    from briefing.build.shared import prepare

    from briefing.build.atomic import Staging
    from briefing.build.contact_sheet import default_output
    from briefing.build.workers import ProcessDied, fork_map

    global _JOBS
    by_format: dict[str, list[int]] = {}
    screen = [o for o in outputs if o.fmt != "print"]  # press files (--print) are a group of their own
    for i, out in enumerate(outputs):
        by_format.setdefault("print" if out.fmt == "print" else out.fmt
                             if len(screen) > 1 and len({o.fmt for o in screen}) > 1 else out.lang, []).append(i)
    groups = list(by_format.values())
    workers = min(len(groups), os.cpu_count() or 1)
    pages: dict[int, int | None] = {}
    with Staging() as staging:  # every output to a temporary first; all moved into place at the end
        temps = [staging.add(o.path) for o in outputs]
        sheets = [staging.add(default_output(o.path)) if previews and o.fmt in ("pdf", "print") else None
                  for o in outputs]
        _JOBS = (outputs, loaded, brand, temps, sheets, prepare(outputs, loaded, brand))  # shared by the forks
        if workers > 1 and hasattr(os, "fork"):
            try:
                for group, result in zip(groups, fork_map(_build_group, groups, workers)):
                    pages.update(zip(group, result))
            except ProcessDied:
                raise OutputError("a process building the files stopped (killed, or out of memory); "
                                  "nothing was written") from None
        else:
            for group in groups:
                pages.update(zip(group, _build_group(group)))
        staging.commit()
    for i, out in enumerate(outputs):
        print(f"wrote {out.path} ({batch.describe_written(out.path, pages[i])})")
        if sheets[i] is not None:
            print(f"wrote {default_output(out.path)} (contact sheet)")
    n = len(outputs)
    print(f"built {n} file{'s' if n != 1 else ''} in {batch.timer() - start:.2f} s")
    return EXIT_OK


def _build_group(indices: list[int]) -> list[int | None]:
    """Build the outputs at `indices` of _JOBS in turn; return their page counts."""
    return [_build_one(i) for i in indices]


_JOBS: tuple = ()


def _build_one(index: int) -> int | None:
    """Lay out and render output `index` of _JOBS to its temporary file; return its page count (None for Word)."""
    from briefing.layout import layout
    from briefing.render.registry import renderer

    outputs, loaded, brand, temps, sheets, docs = _JOBS
    out = outputs[index]
    region, edition = loaded[out.source]
    doc = docs.get((Path(out.source), out.lang)) or layout(region, out.lang, edition)
    render = renderer(out.fmt)  # "print" is the press PDF: bleed, crop marks, CMYK (--print)
    try:
        pages = render(doc, brand, temps[index])
    except OSError as exc:
        raise OutputError(f"cannot write {out.path}: {exc.strerror}") from None
    if sheets[index] is not None:
        from briefing.build.contact_sheet import contact_sheet

        contact_sheet(temps[index], sheets[index])
    return pages


def cmd_check(args) -> int:
    from dataclasses import replace

    from briefing.checks import inspect

    problems: list[Problem] = []
    for path in args.files:
        try:
            found = inspect(path, max_age_months=args.max_age)[2]
        except ContentError as exc:
            found = exc.problems
        problems += found
    problems = list(dict.fromkeys(problems))  # an edition repeats its region's problems: say each once
    if args.strict:
        problems = [replace(p, severity="error") for p in problems]
    errors = [p for p in problems if p.severity == "error"]
    report_problems(problems)
    if errors:
        print(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found", file=sys.stderr)
        return EXIT_CONTENT
    warned = len(problems)
    print(f"ok: {len(args.files)} file{'s' if len(args.files) != 1 else ''} checked"
          + (f", {warned} warning{'s' if warned != 1 else ''} (--strict makes them problems)" if warned else ""))
    return EXIT_OK


def cmd_new(args) -> int:
    from briefing.content.starter import write_starter

    path = write_starter(args.id, args.out)
    print(f"wrote {path}: fill in each （请填写） / (to be written), then run: briefing check {path}")
    return EXIT_OK


def cmd_preview(args) -> int:
    from briefing.build.contact_sheet import contact_sheet

    from briefing.build.contact_sheet import MAX_PAGES

    path, pages = contact_sheet(args.file, args.out, args.columns)
    print(f"wrote {path} ({pages} page{'s' if pages != 1 else ''}"
          + (f"; the first {MAX_PAGES} are shown)" if pages > MAX_PAGES else ")"))
    return EXIT_OK


def cmd_reference_doc(args) -> int:
    from briefing.brand import resolve_brand
    from briefing.errors import display_path
    from briefing.build.reference_doc import write_reference

    path, changed = write_reference(resolve_brand(args.brand), args.out, force=args.force)
    print(f"wrote {display_path(path)}: restyle it in Word; Word briefings with this brand use its styles" if changed
          else f"{display_path(path)} is up to date")
    return EXIT_OK


def cmd_serve(args) -> int:
    from briefing.serve.server import serve

    return serve(args.file, langs=split_list(args.lang, LANGS, "language"), formats=FORMATS, brand=args.brand,
                 host=args.host, port=args.port, out=args.out, max_age=args.max_age, open_browser=args.open)


def cmd_schema(args) -> int:
    from briefing.content.format import json_schema

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
    handler = {"build": cmd_build, "check": cmd_check, "schema": cmd_schema, "new": cmd_new,
               "reference-doc": cmd_reference_doc, "serve": cmd_serve,
               "preview": cmd_preview}[args.command]
    from briefing.build import atomic
    from briefing.build.workers import install_handlers, restore_handlers

    previous = install_handlers()  # Ctrl-C and SIGTERM: "interrupted", exit 128+signal, no temporary left
    try:
        if args.command in ("build", "serve", "reference-doc"):  # the commands that date what they write
            from briefing.render.stamp import source_date_epoch

            source_date_epoch()  # a malformed SOURCE_DATE_EPOCH stops the command before anything is read
        return handler(args)
    except KeyboardInterrupt as exc:
        atomic.cleanup()
        print("interrupted", file=sys.stderr)
        return 128 + getattr(exc, "signum", 2)
    except ContentError as exc:
        report_problems(exc.problems)
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
        print(f"hint: {OUTPUT_HINTS.get(args.command, OUTPUT_HINTS['build'])}", file=sys.stderr)
        return EXIT_CONTENT
    except BriefingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except OSError as exc:  # the file system refused: name the file and why, not a traceback
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        print(f"error: {str(where)[:300]}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_CONTENT
    except MemoryError:
        print("error: out of memory; nothing was written", file=sys.stderr)
        print("hint: build fewer files at once (--jobs 1), or use smaller images", file=sys.stderr)
        return EXIT_CONTENT
    except Exception as exc:  # a bug in Briefing, not in the user's file: one line, unless debugging
        if os.environ.get("BRIEFING_DEBUG"):
            raise
        print(f"error: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("hint: this is a bug in Briefing; run again with BRIEFING_DEBUG=1 for details and report it",
              file=sys.stderr)
        return EXIT_CONTENT
    finally:
        atomic.cleanup()
        restore_handlers(previous)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
