"""Writing output files atomically: a failed or killed build leaves the previous files as they were.

Every output of a build is rendered to a temporary file beside it, named
`.briefing-tmp-<pid>-<random>-<name>`; only when every one is written are they
all moved into place (`Staging.commit`). A failure, Ctrl-C or SIGTERM removes the
temporaries (`cleanup`); a build killed outright (SIGKILL, power loss) leaves
them, and the next build in that folder removes those whose process is gone
(`remove_stale`) -- only ours, never another program's files.

Version 0.1 named its temporaries `.NAME.XXXXXXXX.tmp` (Python's mkstemp) and
left them when killed. When a build writes NAME it removes those of NAME only
(`remove_legacy`), and only what is surely such a leftover: a regular file (not
a link) named exactly so, owned by this user, with mkstemp's mode 0600, not
modified for LEGACY_AGE seconds (a build still writing it would be), and empty
or beginning as NAME's format begins (%PDF, a zip, a PNG).
"""
from __future__ import annotations

import os
import re
import secrets
import stat
import time
from pathlib import Path
from typing import Callable

from briefing.errors import OutputError
from briefing.safeio import kind

TMP_PREFIX = ".briefing-tmp-"
_TMP_NAME = re.compile(re.escape(TMP_PREFIX) + r"([0-9]{1,10})-[0-9a-f]{8}-")
_live: set[Path] = set()  # temporaries this process created and has not yet moved or removed


def temp_for(path: Path, pid: int | None = None) -> Path:
    """Return a fresh temporary name beside `path`, owned by process `pid` (default: this one)."""
    name = f"{TMP_PREFIX}{pid or os.getpid()}-{secrets.token_hex(4)}-{path.name}"
    return path.parent / name[:255]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's live process (or not ours to judge): leave its files
    return True


def remove_stale(folder: Path) -> None:
    """Remove the temporaries a killed build left in `folder`: ours by name, whose process is gone."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        match = _TMP_NAME.match(entry.name)
        if not match or int(match.group(1)) == os.getpid() or _alive(int(match.group(1))):
            continue
        try:
            if entry.is_file(follow_symlinks=False) or entry.is_symlink():
                os.unlink(entry.path)
        except OSError:
            pass


LEGACY_AGE = 15 * 60  # seconds: a v0.1 temporary untouched this long is no longer being written
_SIGNATURES = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04", ".png": b"\x89PNG\r\n\x1a\n"}


def remove_legacy(path: Path, now: float | None = None) -> list[str]:
    """Remove the temporaries version 0.1 left for output `path` (`.NAME.XXXXXXXX.tmp`); return their names."""
    pattern = re.compile(re.escape("." + path.name + ".") + r"[a-z0-9_]{8}\.tmp")
    signature = _SIGNATURES.get(path.suffix.lower())
    removed = []
    try:
        entries = [e for e in os.scandir(path.parent) if pattern.fullmatch(e.name)]
    except OSError:
        return removed
    for entry in entries:
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or stat.S_IMODE(info.st_mode) != 0o600:
                continue
            if (now if now is not None else time.time()) - info.st_mtime < LEGACY_AGE:
                continue
            if info.st_size and signature is not None:
                with open(entry.path, "rb", opener=lambda p, f: os.open(p, f | os.O_NOFOLLOW | os.O_NONBLOCK)) as fh:
                    if fh.read(len(signature)) != signature:
                        continue
            elif info.st_size and signature is None:
                continue
            os.unlink(entry.path)
            removed.append(entry.name)
        except OSError:
            continue
    return removed


def prepare_folder(folder: Path) -> None:
    """Create the output folder (refusing a file in its place) and remove stale temporaries in it."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"cannot write to {folder}: it is a file, not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        raise OutputError(f"cannot write to {folder}: a part of that path is a file, not a folder") from None
    except OSError as exc:
        raise OutputError(f"cannot write to {folder}: {exc.strerror}") from None
    remove_stale(folder)


def cleanup() -> None:
    """Remove every temporary this process still holds (on failure, Ctrl-C, SIGTERM)."""
    for tmp in list(_live):
        try:
            tmp.unlink()
        except OSError:
            pass
        _live.discard(tmp)


class Staging:
    """A set of outputs written together: `add` names a temporary, `commit` moves them all into place.

    Used as a context manager, leaving it by an exception removes every temporary.
    """

    def __init__(self) -> None:
        self.pairs: list[tuple[Path, Path]] = []

    def add(self, path: Path) -> Path:
        path = Path(path)
        prepare_folder(path.parent)
        if path.is_dir():
            raise OutputError(f"cannot write {path}: a folder of that name is in the way")
        try:  # a named pipe or a device (/dev/full as root) would be replaced by a file: refuse it instead
            mode = os.lstat(path).st_mode
        except (OSError, ValueError):
            mode = None
        if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
            raise OutputError(f"cannot write {path}: {kind(mode)} of that name is in the way; "
                              "choose another name or folder")
        tmp = temp_for(path)
        _live.add(tmp)
        self.pairs.append((tmp, path))
        return tmp

    def commit(self) -> None:
        for tmp in self.temporaries():
            if not tmp.is_file():
                raise OutputError(f"cannot write {self.final(tmp)}: it was not written")
        try:
            for tmp, path in self.pairs:
                os.chmod(tmp, 0o644)
                os.replace(tmp, path)
                _live.discard(tmp)
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror}") from None
        for _, path in self.pairs:  # written: what version 0.1 left for these outputs can go
            remove_legacy(path)
        self.pairs = []

    def abort(self) -> None:
        for tmp, _ in self.pairs:
            try:
                tmp.unlink()
            except OSError:
                pass
            _live.discard(tmp)
        self.pairs = []

    def temporaries(self) -> list[Path]:
        return [tmp for tmp, _ in self.pairs]

    def final(self, tmp: Path) -> Path:
        return dict(self.pairs)[tmp]

    def __enter__(self) -> "Staging":
        return self

    def __exit__(self, kind, value, tb) -> None:
        if kind is not None:
            self.abort()


def write_atomically(path: Path, render: Callable[[Path], object]) -> None:
    """Call render(tmp_path) beside `path`, then move the result over `path`."""
    with Staging() as staging:
        tmp = staging.add(path)
        try:
            render(tmp)
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror}") from None
        staging.commit()
