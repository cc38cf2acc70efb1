"""The preview server's one door into Briefing: checking, rendering a view, and building files.

Everything `briefing serve` needs of the rest of the package goes through here, so
the server uses the same loader, limits, checks, layout, renderers, brand and output
names as `briefing build`, and a module moving inside Briefing changes this file only.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from briefing.build.batch import describe_written, output_stem, plan, render_output, wanted_languages
from briefing.brand import DEFAULT_BRAND, Brand, resolve_brand
from briefing.brand.file import find_brand_file
from briefing.checks import MAX_AGE_MONTHS, inspect
from briefing.errors import BriefingError, ContentError, OutputError, Problem, UsageError
from briefing.layout import layout
from briefing.content.loader import MAX_FILE_BYTES, _find, compose
from briefing.errors import display_path
from briefing.render.registry import renderer
from briefing.build.atomic import Staging, write_atomically

__all__ = ["MAX_AGE_MONTHS", "BriefingError", "ContentError", "OutputError", "Problem", "UsageError"]

LANGUAGE_NAMES = {"zh": "中文", "en": "English"}
SOFFICE_TIMEOUT = 180  # seconds: a first LibreOffice start with a fresh profile can take a while


class Cancelled(Exception):
    """A newer save made the rebuild in progress stale."""


@dataclass
class Checked:
    """The outcome of loading and checking a file: the model when it loaded, and every problem and warning."""

    region: object | None = None
    edition: object | None = None
    brand: Brand | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.region is not None and not any(p.severity == "error" for p in self.problems)


def load_brand(ref: str | None) -> tuple[Brand | None, list[Problem]]:
    """Return the brand `ref` names (None: the default) and its problems, as `build` resolves it."""
    try:
        return resolve_brand(ref), []
    except ContentError as exc:
        return None, exc.problems
    except UsageError as exc:
        return None, [Problem(str(ref), 0, 0, "", f"{exc}" + (f" ({exc.hint})" if exc.hint else ""))]


def check(path: Path, brand: Brand | None, brand_problems: list[Problem], max_age: int) -> Checked:
    """Return `path` loaded and checked as `briefing check` does; never raises for the user's files."""
    if brand is None:
        return Checked(problems=list(brand_problems))
    try:
        region, edition, found = inspect(path, brand, max_age_months=max_age)
    except ContentError as exc:
        return Checked(problems=list(dict.fromkeys(exc.problems)))
    except RecursionError:
        return Checked(problems=[Problem(display_path(path), 0, 0, "", "the document is nested too deeply")])
    return Checked(region, edition, brand, list(dict.fromkeys(found)))


def views(checked: Checked | None, langs: list[str] | None) -> list[str]:
    """Return the languages the page offers: `langs`, else the file's and its bilingual edition."""
    if langs:
        return list(langs)
    region = checked.region if checked else None
    have = (checked.edition.languages if checked and checked.edition and checked.edition.languages else None) \
        or (region.languages if region else ["zh", "en"])
    return list(have) + (["+".join(have[:2])] if len(have) > 1 else [])


def language_label(lang: str) -> str:
    return " + ".join(LANGUAGE_NAMES.get(part, part) for part in lang.split("+"))


def title(checked: Checked | None, lang: str) -> str:
    """Return the region's name in `lang` (its first language for a bilingual view), or ""."""
    if not checked or checked.region is None:
        return ""
    name = checked.region.name.values
    return name.get(lang.split("+")[0]) or next(iter(name.values()), "")


# -- the files a briefing reads ------------------------------------------------------------


def brand_files(ref: str | None) -> list[Path]:
    """Return the brand file `ref` names and every file it points to (logos, fonts, reference.docx)."""
    try:
        source = find_brand_file(ref or DEFAULT_BRAND)
    except UsageError:
        return []
    files = [source, source.parent / "reference.docx"]  # watched even while absent: adding one restyles Word
    try:
        root, _ = compose(source)
    except ContentError:
        return files
    images = _find(root, "logo", "images")
    for _, image in (images.value if isinstance(images, yaml.MappingNode) else []):
        node = _find(image, "path")
        if isinstance(node, yaml.ScalarNode):
            files.append(source.parent / node.value)
    faces = _find(root, "typography", "fonts")
    for face in (faces.value if isinstance(faces, yaml.SequenceNode) else []):
        for key in ("path", "bold"):
            node = _find(face, key)
            if isinstance(node, yaml.ScalarNode):
                files.append(source.parent / node.value)
    return files


def content_files(path: Path, checked: Checked | None) -> list[Path]:
    """Return `path` and, for an edition, its region file (read from the edition even when it is broken)."""
    files = [Path(path)]
    if checked is not None and checked.edition is not None:
        files.append(Path(checked.edition.region_file))
        return files
    try:
        root, _ = compose(Path(path))
    except ContentError:
        return files
    node = _find(root, "edition", "region")
    if isinstance(node, yaml.ScalarNode):
        files.append(Path(path).parent / node.value)
    return files


# -- a view: one language in one format, as pages ---------------------------------------------


def soffice() -> str | None:
    """Return LibreOffice's program, or None where it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_view(checked: Checked, lang: str, fmt: str, workdir: Path, checkpoint: Callable[[], None]) -> Path:
    """Render `lang` in `fmt` into `workdir` as `build` would; return the file (see word_as_pdf for Word).

    `checkpoint` is called between stages and raises Cancelled when the work is stale.
    """
    doc = layout(checked.region, lang, checked.edition)
    checkpoint()
    stem = f"{output_stem(checked.region, checked.edition)}-{lang}"
    target = workdir / f"{stem}.{fmt}"
    write_atomically(target, lambda tmp: renderer(fmt)(doc, checked.brand, tmp))
    return target


def word_as_pdf(docx: Path, outdir: Path, profile: Path, checkpoint: Callable[[], None]) -> Path:
    """Convert `docx` to PDF with LibreOffice, in its own profile; kill it when `checkpoint` cancels."""
    program = soffice()
    if program is None:
        raise OutputError("the Word view needs LibreOffice (soffice), which is not installed here")
    outdir.mkdir(parents=True, exist_ok=True)
    result = outdir / (docx.stem + ".pdf")
    result.unlink(missing_ok=True)
    proc = subprocess.Popen([program, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
                             "--norestore", "--convert-to", "pdf", "--outdir", str(outdir), str(docx)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + SOFFICE_TIMEOUT
    try:
        while True:
            try:
                proc.wait(timeout=0.1)
                break
            except subprocess.TimeoutExpired:
                checkpoint()
                if time.monotonic() > deadline:
                    raise OutputError("LibreOffice took too long to convert the Word file") from None
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    if not result.is_file():
        raise OutputError("LibreOffice could not convert the Word file")
    return result


# -- the Build button ----------------------------------------------------------------------------


def build(path: Path, checked: Checked, langs: list[str] | None, formats: list[str], out_dir: Path
          ) -> list[tuple[str, str]]:
    """Write what `briefing build FILE [--lang] [--brand] [--out]` writes; return (file, pages and size) each."""
    wanted = wanted_languages(path, checked.region, checked.edition, langs)
    outputs = plan(path, checked.region, checked.edition, checked.brand, wanted, formats, out_dir)
    pages = []
    with Staging() as staging:  # every file or none, as `briefing build` writes them
        for out in outputs:
            pages.append(render_output(out, checked.region, checked.edition, checked.brand, staging.add(out.path)))
        staging.commit()
    return [(display_path(out.path), describe_written(out.path, n)) for out, n in zip(outputs, pages)]


def excerpt(problem: Problem, files: list[Path], around: int = 2, width: int = 240) -> dict | None:
    """Return the lines of `problem`'s file around its line, if that file is one the briefing reads."""
    if not problem.line:
        return None
    for path in files:
        if display_path(path) == problem.file:
            break
    else:
        return None
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_FILE_BYTES:
        return None
    lines = data.decode("utf-8", "replace").splitlines()
    first = max(1, problem.line - around)
    chosen = lines[first - 1: problem.line + around]
    return {"first": first, "line": problem.line, "column": problem.column,
            "lines": [text if len(text) <= width else text[:width] + " …" for text in chosen]}
