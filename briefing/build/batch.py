"""Building many briefings: output names, up-to-date checks, and parallel processes."""
from __future__ import annotations

import os
import sys
import time
from concurrent.futures import as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from briefing.errors import BriefingError, ContentError, UsageError, visible

PACKAGE_DIR = Path(__file__).resolve().parents[1]


@dataclass
class Output:
    """One file to write: which content, in which language and format, where."""

    source: Path  # the region or edition file named on the command line
    lang: str
    fmt: str
    path: Path
    inputs: list[Path] = field(default_factory=list)


@dataclass
class Result:
    path: Path
    ok: bool
    message: str = ""  # pages and size when ok, the reason when not
    skipped: bool = False


def discover(data_dir: Path) -> list[Path]:
    """Return every region and edition file under `data_dir`, regions first."""
    regions = sorted(data_dir.glob("*.yaml"))
    editions = sorted((data_dir / "editions").glob("*.yaml"))
    return regions + editions


def output_stem(region, edition) -> str:
    """Return the output name without language and extension: <region>[-<edition>]."""
    return region.id + (f"-{edition.id}" if edition else "")


def wanted_languages(path: Path, region, edition, langs: list[str] | None) -> list[str]:
    """Return the languages to build of `path`: `langs`, else the edition's or region's; refuse missing texts."""
    wanted = langs or (edition.languages if edition and edition.languages else region.languages)
    missing = [part for lang in wanted for part in lang.split("+") if part not in region.languages]
    if missing:
        raise UsageError(f"{path} has no {', '.join(missing)} texts", hint=f"it has: {', '.join(region.languages)}")
    return wanted


def plan(path: Path, region, edition, brand, langs: list[str], formats, out_dir: Path,
         press: bool = False) -> list[Output]:
    """Return the outputs `briefing build` writes for one checked file: each language in each format."""
    inputs = [Path(path), region.file] + brand_inputs(brand) + tool_files()
    outputs = []
    for lang in langs:
        for fmt in formats:
            out = out_dir / f"{output_stem(region, edition)}-{lang}.{fmt}"
            outputs.append(Output(Path(path), lang, fmt, out, inputs))
            if fmt == "pdf" and press:  # the press file beside the screen one
                outputs.append(Output(Path(path), lang, "print",
                                      out_dir / f"{output_stem(region, edition)}-{lang}-print.pdf", inputs))
    return outputs


def render_output(out: Output, region, edition, brand, target: Path | None = None) -> int | None:
    """Lay out and write `out` (to `target`, a staged temporary, or else atomically); return its page count."""
    from briefing.build.atomic import write_atomically
    from briefing.layout import layout
    from briefing.render.registry import renderer

    doc = layout(region, out.lang, edition)
    render = renderer(out.fmt)  # "print" is the press PDF: bleed, crop marks, CMYK (--print)
    if target is not None:
        return render(doc, brand, target)
    pages: list = []
    write_atomically(out.path, lambda tmp: pages.append(render(doc, brand, tmp)))
    return pages[0] if pages else None


def tool_files() -> list[Path]:
    """Return the files of the tool itself (code and fonts): a change to any rebuilds everything."""
    return list(_tool_files())


@lru_cache(maxsize=1)
def _tool_files() -> tuple[Path, ...]:  # listed once a process: a batch plans hundreds of files
    return tuple(sorted(PACKAGE_DIR.rglob("*.py")) + sorted((PACKAGE_DIR / "fonts").glob("*.ttf")))


def brand_inputs(brand) -> list[Path]:
    """Return every file of `brand` a build reads: its _brand.yml, folder (a file added or removed), logo,
    reference.docx and the font files of the faces it sets."""
    from briefing import fonts

    found = [brand.source, brand.source.parent if brand.source else None, brand.logo, brand.reference]
    for key in sorted(set(brand.fonts.values())):
        for face in (key, f"{key}-bold"):
            try:
                found.append(fonts.font_path(face))
            except KeyError:
                pass
    return [Path(p) for p in dict.fromkeys(found) if p]


def is_up_to_date(output: Output) -> bool:
    """Return whether `output` exists and is newer than every input it depends on."""
    try:
        built = output.path.stat().st_mtime
    except OSError:
        return False
    try:
        newest = max(p.stat().st_mtime for p in output.inputs)
    except (OSError, ValueError):
        return False
    return built > newest


def human_size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, round(n / 1024))} KB"


def describe_written(path: Path, pages: int | None) -> str:
    detail = f"{pages} pages, " if pages else ""
    return f"{detail}{human_size(path.stat().st_size)}"


_loaded: dict[tuple[str, str], object] = {}


def preload(loaded: dict, brand, brand_ref: str | None) -> None:
    """Give the workers the content the parent has already checked: {path: (region, edition)}.

    Workers forked after this inherit it and do not read and check each file again;
    started otherwise, they load it themselves.
    """
    for path, (region, edition) in loaded.items():
        _loaded[(str(path), brand_ref or "")] = (region, edition, brand)


def _work(source: str, lang: str, fmt: str, path: str, brand_ref: str | None, tmp: str | None = None) -> Result:
    """Build one output in a worker process, to `tmp` when given (the parent moves it into place); never raises."""
    from briefing.brand import resolve_brand
    from briefing.checks import inspect
    from briefing.layout import layout
    from briefing.render.registry import renderer
    from briefing.build.atomic import write_atomically
    from briefing.errors import OutputError
    from briefing.build.shared import settle

    try:
        key = (source, brand_ref or "")
        if key not in _loaded:
            brand = resolve_brand(brand_ref)
            region, edition, problems = inspect(Path(source), brand)
            errors = [p for p in problems if p.severity == "error"]
            if errors:
                raise ContentError(errors)
            _loaded[key] = (region, edition, brand)
        region, edition, brand = _loaded[key]
        doc = layout(region, lang, edition)
        pages: list = []
        if tmp is None:
            write_atomically(Path(path), lambda t: pages.append(renderer(fmt)(doc, brand, t)))
        else:
            try:
                pages.append(renderer(fmt)(doc, brand, Path(tmp)))
            except OSError as exc:
                raise OutputError(f"cannot write {path}: {exc.strerror}") from None
        settle()  # the parent builds with the collector off; a long-lived worker frees each build's cycles
        return Result(Path(path), True, describe_written(Path(tmp or path), pages[0] if pages else None))
    except ContentError as exc:
        return Result(Path(path), False, "; ".join(str(p) for p in exc.problems[:3])
                      + (f" (and {len(exc.problems) - 3} more)" if len(exc.problems) > 3 else ""))
    except BriefingError as exc:
        return Result(Path(path), False, str(exc))
    except Exception as exc:  # a bug, not the user's: still one line, and the other files go on
        return Result(Path(path), False, f"internal error: {type(exc).__name__}: {exc}")


class Progress:
    """A progress bar on a terminal; one line per file otherwise."""

    def __init__(self, total: int, stream=None):
        self.total, self.done = total, 0
        self.stream = stream or sys.stdout
        self.bar = self.stream.isatty()

    def update(self, result: Result) -> None:
        self.done += 1
        state = "skipped" if result.skipped else "wrote" if result.ok else "FAILED"
        line = visible(f"{state} {result.path} ({result.message})" if result.message else f"{state} {result.path}")
        if self.bar:
            width = 30
            filled = int(width * self.done / max(self.total, 1))
            self.stream.write(f"\r\033[K[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                              f"{visible(result.path.name)}")
            if not result.ok:
                self.stream.write(f"\n{line}\n")
            if self.done == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def run(outputs: list[Output], brand_ref: str | None, force: bool, jobs: int | None = None) -> list[Result]:
    """Build `outputs` in parallel processes (one per core), skipping up-to-date ones unless `force`.

    The outputs of one source file are moved into place together, once all are
    written (a failure of one leaves all of that file's previous outputs); a
    worker that dies fails only the output it was building, and the rest go on.
    """
    from briefing.build.atomic import Staging
    from briefing.build.workers import BrokenProcessPool, process_pool

    todo, results = [], []
    progress = Progress(len(outputs))
    for out in outputs:
        if not force and is_up_to_date(out):
            result = Result(out.path, True, "up to date", skipped=True)
            results.append(result)
            progress.update(result)
        else:
            todo.append(out)
    staging: dict[Path, Staging] = {}
    left: dict[Path, int] = {}
    done: dict[Path, list[tuple[Output, Result]]] = {}
    temps: dict[int, Path] = {}
    try:
        for i, out in enumerate(todo):
            stage = staging.setdefault(out.source, Staging())
            left[out.source] = left.get(out.source, 0) + 1
            temps[i] = stage.add(out.path)

        def finish(out: Output, result: Result) -> None:
            done.setdefault(out.source, []).append((out, result))
            left[out.source] -= 1
            if left[out.source]:
                return
            group = done[out.source]
            failed = [r for _, r in group if not r.ok]
            if failed:
                staging[out.source].abort()
                first = next(o for o, r in group if not r.ok).path.name
                group = [(o, r if not r.ok else Result(o.path, False, f"not written, because {first} failed"))
                         for o, r in group]
            else:
                try:
                    staging[out.source].commit()
                except BriefingError as exc:
                    staging[out.source].abort()
                    group = [(o, Result(o.path, False, str(exc))) for o, _ in group]
            for _, r in group:
                results.append(r)
                progress.update(r)

        def call(i: int, out: Output):
            return (_work, str(out.source), out.lang, out.fmt, str(out.path), brand_ref, str(temps[i]))

        workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
        if workers == 1:
            for i, out in enumerate(todo):
                fn, *a = call(i, out)
                finish(out, fn(*a))
            return results
        from briefing.build.shared import warm_up

        try:
            warm_up(todo, brand_ref)  # once here, shared by the forked workers
        except BriefingError:
            pass  # the workers report it, file by file
        again = []
        with process_pool(workers) as pool:
            futures = {pool.submit(*call(i, o)): (i, o) for i, o in enumerate(todo)}
            for future in as_completed(futures):
                try:
                    result = future.result()
                except BrokenProcessPool:  # a worker died: find which output by building each again alone
                    again.append(futures[future])
                    continue
                finish(futures[future][1], result)
        for i, out in sorted(again, key=lambda pair: pair[0]):
            try:
                with process_pool(1) as pool:
                    result = pool.submit(*call(i, out)).result()
            except BrokenProcessPool:
                result = Result(out.path, False, "the process building it stopped (killed, or out of memory); "
                                "nothing was written")
            finish(out, result)
        return results
    finally:
        for stage in staging.values():
            stage.abort()


def summary(results: list[Result], seconds: float) -> str:
    """Return the closing lines: what was built, skipped and failed, and why."""
    built = [r for r in results if r.ok and not r.skipped]
    skipped = [r for r in results if r.skipped]
    failed = [r for r in results if not r.ok]
    lines = [f"built {len(built)} file{'s' if len(built) != 1 else ''}, skipped {len(skipped)} up to date, "
             f"failed {len(failed)}, in {seconds:.2f} s"]
    for r in failed:
        lines.append(f"  failed: {r.path}: {r.message}")
    return "\n".join(lines)


def timer() -> float:
    return time.perf_counter()
