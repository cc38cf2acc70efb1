"""One served briefing: the files it reads, watched, and the background rebuild of the views shown.

The files are watched by polling their stat signatures (modification time, size,
inode) every POLL seconds. The set is small and known exactly (the content file, an
edition's region, the brand file, its logos and fonts, reference.docx), polling a
handful of files costs nothing, needs no dependency and sees the rename by which
most editors save (an inotify watch would have to watch the folders instead).

One worker thread does the work: it reloads and checks the file after each save,
then renders only the views (language and format) that a page is showing. A save
bumps `revision`; the worker checks it between stages and drops work that a newer
save has made stale (a LibreOffice conversion in progress is killed).
"""
from __future__ import annotations

import gc
import itertools
import os
import shutil
import tempfile
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from briefing.serve import pipeline
from briefing.serve.pages import RenderedPdf

POLL = 0.05  # seconds between looks at the files (a stat of a handful of files: no cost)
SETTLE = 0.02  # a save is complete when the signatures hold still this long
KEEP = 6  # versions kept for pages still loading in a browser, beyond the current ones


def signature(path: Path) -> tuple | None:
    """Return what changes when `path` is saved: (mtime, size, inode); None while it does not exist."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino


@dataclass
class Version:
    """The pages of one view as built from one revision of the files."""

    id: int
    view: str  # "zh.pdf", "en.docx", "zh+en.pdf"
    revision: int
    pdf: RenderedPdf
    rendered: Path  # the PDF or Word file itself
    seconds: float
    built: float


class Session:
    """A briefing being previewed: its files, their last check, and the latest pages of each view."""

    def __init__(self, path: Path, *, brand: str | None = None, langs: list[str] | None = None,
                 formats: tuple[str, ...] = ("pdf", "docx"), out: Path = Path("output"),
                 max_age: int = pipeline.MAX_AGE_MONTHS, poll: float = POLL):
        self.path, self.brand_ref, self.langs, self.formats = Path(path), brand, langs, list(formats)
        self.out, self.max_age, self.poll = Path(out), max_age, poll
        self.word = pipeline.soffice() is not None
        self.workdir = Path(tempfile.mkdtemp(prefix="briefing-serve-"))
        self.cond = threading.Condition()
        self.render_lock = threading.Lock()  # ReportLab and the font registry: one rendering at a time
        self.revision = 1  # bumped by every save of a watched file
        self.changes = 0  # bumped by everything a page shows (the event stream's clock)
        self.checked: pipeline.Checked | None = None
        self.checked_rev = 0
        self.problems: list[dict] = []
        self.versions: dict[str, Version] = {}  # the latest good version of each view
        self.by_id: dict[int, Version] = {}
        self.failures: dict[str, tuple[int, str]] = {}  # view -> (revision, why its rendering failed)
        self.busy: str | None = None
        self.wanted: dict[str, float] = {}
        self.watching: dict[str, int] = {}
        self._brand, self._brand_problems, self._brand_key = None, [], None
        self._ids = itertools.count(1)
        self.files = pipeline.content_files(self.path, None) + pipeline.brand_files(brand)
        self.sigs = {f: signature(f) for f in self.files}
        self.closed = False
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._watch, name="briefing-watch", daemon=True),
                         threading.Thread(target=self._work, name="briefing-rebuild", daemon=True)]
        for thread in self._threads:
            thread.start()

    # -- what the server asks --------------------------------------------------------------

    def offered(self) -> list[str]:
        """Return the languages the page can switch between."""
        return pipeline.views(self.checked, self.langs)

    def view_key(self, lang: str | None, fmt: str | None) -> str:
        """Return a valid view for the asked language and format: the first language, PDF, by default."""
        langs = self.offered()
        lang = lang if lang in langs else langs[0]
        fmt = fmt if fmt in ("pdf", "docx") and (fmt == "pdf" or self.word) else "pdf"
        return f"{lang}.{fmt}"

    def want(self, view: str) -> None:
        with self.cond:
            self.wanted[view] = time.monotonic()
            self.cond.notify_all()

    @contextmanager
    def watch(self, view: str):
        """Mark `view` as shown by one more page while the block runs (an open event stream)."""
        with self.cond:
            self.watching[view] = self.watching.get(view, 0) + 1
            self.wanted[view] = time.monotonic()
            self.cond.notify_all()
        try:
            yield
        finally:
            with self.cond:
                self.watching[view] -= 1

    def wait_change(self, since: int, timeout: float) -> int:
        """Return the change counter once it differs from `since`, or after `timeout` seconds."""
        with self.cond:
            self.cond.wait_for(lambda: self.changes != since or self.closed, timeout)
            return self.changes

    def version(self, vid: int) -> Version | None:
        with self.cond:
            return self.by_id.get(vid)

    def snapshot(self, view: str) -> dict:
        """Return everything the page shows for `view`, ready for JSON."""
        lang, fmt = view.rsplit(".", 1)
        with self.cond:
            checked, version = self.checked, self.versions.get(view)
            failure = self.failures.get(view)
            failed = failure is not None and failure[0] == self.checked_rev
            if checked is None:
                status = "loading"
            elif not checked.ok:
                status = "broken"
            elif failed:
                status = "failed"
            elif self.checked_rev != self.revision or version is None or version.revision != self.checked_rev:
                status = "building"
            else:
                status = "ok"
            problems = list(self.problems)
            if failed:
                problems.insert(0, {"severity": "error", "where": "", "path": "", "excerpt": None,
                                    "message": failure[1]})
            state = {
                "changes": self.changes, "view": view, "lang": lang, "format": fmt, "status": status,
                "file": pipeline.display_path(self.path), "title": pipeline.title(checked, lang),
                "langs": [{"key": k, "label": pipeline.language_label(k)} for k in self.offered()],
                "word": self.word, "problems": problems,
                "errors": sum(p["severity"] == "error" for p in problems),
                "warnings": sum(p["severity"] != "error" for p in problems),
                "version": None,
            }
            if version is not None:
                state["version"] = {"id": version.id, "pages": [list(s) for s in version.pdf.sizes],
                                    "seconds": round(version.seconds, 2),
                                    "built": time.strftime("%H:%M:%S", time.localtime(version.built)),
                                    "current": status == "ok"}
            return state

    def build(self) -> dict:
        """Write the files `briefing build` would from the last saved file; return them, or why not."""
        with self.cond:
            self.cond.wait_for(lambda: self.checked_rev == self.revision or self.closed, 30)
            checked = self.checked
        if checked is None or not checked.ok:
            n = sum(p.severity == "error" for p in checked.problems) if checked else 0
            return {"ok": False, "message": f"the file has {n} problem{'s' if n != 1 else ''}: "
                    "fix them first; nothing was written"}
        try:
            with self.render_lock:
                start = time.perf_counter()
                written = pipeline.build(self.path, checked, self.langs, self.formats, self.out)
        except pipeline.BriefingError as exc:
            return {"ok": False, "message": str(exc) + (f" ({exc.hint})" if exc.hint else "")}
        except Exception as exc:  # noqa: BLE001  (a bug, not the user's: say it, keep serving)
            return {"ok": False, "message": f"internal error: {type(exc).__name__}: {exc}"}
        return {"ok": True, "files": [{"path": p, "detail": d} for p, d in written],
                "seconds": round(time.perf_counter() - start, 2)}

    def close(self) -> None:
        with self.cond:
            self.closed = True
            self.cond.notify_all()
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=10)
        with self.cond:
            for version in self.by_id.values():
                version.pdf.close()
            self.by_id.clear()
            self.versions.clear()
        shutil.rmtree(self.workdir, ignore_errors=True)

    # -- the watcher -----------------------------------------------------------------------

    def _watch(self) -> None:
        while not self._stop.wait(self.poll):
            with self.cond:
                files, known = list(self.files), dict(self.sigs)
            now = {f: signature(f) for f in files}
            if now == {f: known.get(f) for f in files}:
                continue
            for _ in range(50):  # an editor may write in steps: wait until the files hold still
                time.sleep(SETTLE)
                again = {f: signature(f) for f in files}
                if again == now:
                    break
                now = again
            with self.cond:
                self.sigs.update(now)
                self.revision += 1
                self.changes += 1
                self.cond.notify_all()

    # -- the worker ------------------------------------------------------------------------

    def _work(self) -> None:
        # as in `build`, the cyclic collector is paused while a save is checked and rendered (its
        # passes over the many small objects cost about a quarter of the time and free nothing
        # then); the worker collects once it is idle
        def busy() -> bool:
            return self.closed or self.checked_rev != self.revision or self._next_view() is not None

        dirty = False
        while True:
            with self.cond:
                if dirty and not self.cond.wait_for(busy, 1.0):
                    gc.enable()
                    gc.collect()
                    dirty = False
                self.cond.wait_for(busy, 1.0)
                if self.closed:
                    gc.enable()
                    return
                rev, load = self.revision, self.checked_rev != self.revision
                view = None if load else self._next_view()
            if load or view is not None:
                gc.disable()
                dirty = True
            if load:
                self._load(rev)
            elif view is not None:
                self._rebuild(view, rev)

    def _next_view(self) -> str | None:
        """Return the most recently wanted view that a page shows and that is out of date (lock held)."""
        if self.checked is None or not self.checked.ok:
            return None
        shown = [v for v, n in self.watching.items() if n > 0]
        if not shown and self.wanted:
            shown = [max(self.wanted, key=self.wanted.get)]
        stale = [v for v in shown
                 if (v not in self.versions or self.versions[v].revision != self.checked_rev)
                 and self.failures.get(v, (None,))[0] != self.checked_rev
                 and v.rsplit(".", 1)[0] in self.offered()]
        return max(stale, key=lambda v: self.wanted.get(v, 0)) if stale else None

    def _load(self, rev: int) -> None:
        try:
            with self.render_lock:
                brand_files = pipeline.brand_files(self.brand_ref)
                key = tuple(signature(f) for f in brand_files)
                if key != self._brand_key or self._brand is None and not self._brand_problems:
                    self._brand, self._brand_problems = pipeline.load_brand(self.brand_ref)
                    self._brand_key = key
                checked = pipeline.check(self.path, self._brand, self._brand_problems, self.max_age)
            files = list(dict.fromkeys(pipeline.content_files(self.path, checked) + brand_files))
        except Exception as exc:  # noqa: BLE001  (a bug, not the user's file: show it, keep serving)
            checked = pipeline.Checked(problems=[pipeline.Problem(
                pipeline.display_path(self.path), 0, 0, "", f"internal error: {type(exc).__name__}: {exc}")])
            files = list(self.files)
        problems = [self._problem(p, files) for p in checked.problems]
        with self.cond:
            for f in files:
                if f not in self.sigs:
                    self.sigs[f] = signature(f)
            self.files = files
            if rev != self.revision:
                return  # a newer save came in while checking: check that one
            self.checked, self.checked_rev, self.problems = checked, rev, problems
            self.changes += 1
            self.cond.notify_all()

    @staticmethod
    def _problem(p, files) -> dict:
        where = p.file + (f":{p.line}:{p.column}" if p.line else "")
        return {"severity": p.severity, "file": p.file, "line": p.line, "column": p.column, "where": where,
                "path": p.path, "message": p.message, "excerpt": pipeline.excerpt(p, files)}

    def _rebuild(self, view: str, rev: int) -> None:
        lang, fmt = view.rsplit(".", 1)
        with self.cond:
            checked, self.busy = self.checked, view
            self.changes += 1
            self.cond.notify_all()

        def checkpoint() -> None:
            if self.closed or self.revision != rev:
                raise pipeline.Cancelled()

        vid = next(self._ids)
        folder = self.workdir / f"v{vid}"
        start = time.perf_counter()
        failure = None
        try:
            with self.render_lock:
                checkpoint()
                rendered = pipeline.render_view(checked, lang, fmt, folder, checkpoint)
            shown = rendered if fmt == "pdf" else pipeline.word_as_pdf(
                rendered, folder / "converted", self.workdir / "lo-profile", checkpoint)
            checkpoint()
            pdf = RenderedPdf(shown)
        except pipeline.Cancelled:
            shutil.rmtree(folder, ignore_errors=True)
            with self.cond:
                self.busy = None
            return
        except pipeline.BriefingError as exc:
            failure = str(exc)
        except Exception as exc:  # noqa: BLE001  (a bug, not the user's file: show it, keep serving)
            failure = f"internal error: {type(exc).__name__}: {exc}"
        with self.cond:
            self.busy = None
            self.changes += 1
            self.cond.notify_all()
            if failure is not None:
                self.failures[view] = (rev, failure)
                shutil.rmtree(folder, ignore_errors=True)
                return
            if rev != self.revision:
                pdf.close()
                shutil.rmtree(folder, ignore_errors=True)
                return
            version = Version(vid, view, rev, pdf, rendered, time.perf_counter() - start, time.time())
            self.versions[view] = version
            self.by_id[vid] = version
            current = {v.id for v in self.versions.values()}
            old = sorted(i for i in self.by_id if i not in current)[:-KEEP or None]
            for i in old:
                gone = self.by_id.pop(i)
                gone.pdf.close()
                shutil.rmtree(self.workdir / f"v{i}", ignore_errors=True)
