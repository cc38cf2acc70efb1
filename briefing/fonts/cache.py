"""A per-user cache of ReportLab's parsed TrueType faces: each face file is parsed once, not once per process.

ReportLab reads a face's metrics (`TTFontFile.extractInfo`) in pure Python, about
15 ms for each CJK face, in every process that registers it. This module keeps
the parsed state (glyph map, widths, metrics, table directory: plain data only)
in the user's cache folder, `$XDG_CACHE_HOME/briefing/faces/` (default
`~/.cache/briefing/faces/`), one file per face, named by the SHA-256 of the font
file, ReportLab's version and this format's version, and builds a face from it
in about a millisecond. The font file itself is still read: the PDF embeds a
subset of it.

Safe fallback: the cache is plain data (`marshal` of dicts, lists and numbers,
never pickle), read only from a folder and a file the user owns that nobody else
may write, and each file carries the SHA-256 of its contents and of the font
file it describes. Anything else (missing, unreadable, corrupt, stale, another
user's, an unwritable folder) means the face is parsed as before, and the cache
is rewritten when it can be (files 0600, folder 0700, written atomically).
"""
from __future__ import annotations

import gc
import hashlib
import marshal
import os
import stat
import sys
import tempfile
from array import array
from functools import lru_cache
from fnmatch import fnmatch
from pathlib import Path
from typing import Callable
from weakref import WeakKeyDictionary

from reportlab import Version as REPORTLAB_VERSION
from reportlab import rl_config
from reportlab.pdfbase import ttfonts

FORMAT = 1
MAGIC = b"briefing-face\n"
_SKIP = ("_ttf_data", "_pdfScale")  # the file's bytes and a lambda
_PLAIN = (int, float, str, bytes, bool, type(None))
_Face = ttfonts.TTFontFace  # the class a cached face is made of (a parse looks it up afresh)


def user_cache(kind: str) -> Path | None:
    """Return the folder of one of the user's caches: $XDG_CACHE_HOME/briefing/KIND, else ~/.cache/briefing/KIND.

    A relative XDG_CACHE_HOME is ignored, as the XDG specification asks (it would
    put a cache in whatever folder the command runs in); None when there is no
    home folder: then nothing is cached, and no home folder is made.
    """
    base = os.environ.get("XDG_CACHE_HOME") or ""
    if os.path.isabs(base):
        return Path(base) / "briefing" / kind
    try:
        home = Path.home()
    except (RuntimeError, KeyError):
        return None
    return home / ".cache" / "briefing" / kind if home.is_dir() else None


def cache_dir() -> Path | None:
    """Return the folder of the face cache (user_cache("faces")), or None: then nothing is cached."""
    return user_cache("faces")


def trusted(path: Path) -> bool:
    """Return whether `path` is ours and nobody else may write it (so its contents are what we wrote)."""
    return _trusted(path)


def load_font(name: str, path: str | os.PathLike) -> ttfonts.TTFont:
    """Return a ReportLab TTFont `name` for the face file at `path`, from the cache when it holds a valid entry."""
    path = str(path)
    data, digest = _file(path)
    folder = cache_dir()
    if folder is None:
        return _font(name, ttfonts.TTFontFace(path))
    entry = folder / f"{digest}-rl{REPORTLAB_VERSION}-py{sys.version_info[0]}{sys.version_info[1]}-v{FORMAT}.face"
    face = _read(entry, digest, path, data)
    if face is None:
        face = ttfonts.TTFontFace(path)
        _write(entry, digest, face)
    return _font(name, face)


def load_coverage(path: str | os.PathLike, compute: Callable[[bytes], frozenset[int]]) -> frozenset[int]:
    """Return the code points the face file at `path` has glyphs for: cached, else `compute(file bytes)`.

    Entries as for faces (same folder, checks and fallbacks): the sorted code points
    as 32-bit integers. `compute` may raise; then nothing is cached.
    """
    data, digest = _file(str(path))
    folder = cache_dir()
    if folder is None:
        return compute(data)
    entry = folder / f"{digest}-coverage-v{FORMAT}.codes"
    payload = _payload(entry)
    if payload is not None and len(payload) % 4 == 0:
        codes = array("I")
        codes.frombytes(payload)
        return frozenset(codes)
    found = compute(data)
    _store(entry, digest, array("I", sorted(found)).tobytes())
    return found


def _file(path: str) -> tuple[bytes, str]:
    """Return the bytes of the face file at `path` and their SHA-256, read once a process while it is unchanged."""
    info = os.stat(path)
    return _read_file(path, info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=32)
def _read_file(path: str, mtime_ns: int, size: int) -> tuple[bytes, str]:
    with open(path, "rb") as f:
        data = f.read()
    return data, hashlib.sha256(data).hexdigest()


def _font(name: str, face: ttfonts.TTFontFace) -> ttfonts.TTFont:
    """Return a TTFont around an already parsed `face`, set up as TTFont.__init__ sets it up."""
    font = ttfonts.TTFont.__new__(ttfonts.TTFont)
    font.fontName = name
    font.face = face
    font.encoding = ttfonts.TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in ttfonts.unShapedFontGlob)
    return font


def face_state(face: ttfonts.TTFontFace) -> dict | None:
    """Return the parsed state of `face` as plain data (names as text), or None when some of it is not plain."""
    state, names = {}, {}
    for key, value in face.__dict__.items():
        if key in _SKIP:
            continue
        if isinstance(value, ttfonts.TTFNameBytes):
            names[key] = value.ustr
        elif _is_plain(value):
            state[key] = value
        else:
            return None
    return {"state": state, "names": names}


def _is_plain(value, depth: int = 0) -> bool:
    if type(value) in _PLAIN:
        return True
    if depth > 3:
        return False
    if type(value) in (list, tuple):
        return all(_is_plain(v, depth + 1) for v in value)
    if type(value) is dict:
        return all(type(k) in _PLAIN and _is_plain(v, depth + 1) for k, v in value.items())
    return False


def face_from_state(saved: dict, path: str, data: bytes) -> ttfonts.TTFontFace:
    """Return a TTFontFace with the state `face_state` saved, over the font file's bytes `data`."""
    face = _Face.__new__(_Face)
    face.__dict__.update(saved["state"])
    for key, text in saved["names"].items():
        setattr(face, key, ttfonts.TTFNameBytes(text.encode("utf-8")))
    face.filename = path
    face._ttf_data = data
    per_em = face.unitsPerEm
    face._pdfScale = (lambda x: x) if per_em == 1000 else (lambda x, m=1000 / per_em: x * m)
    return face


def _trusted(path: Path) -> bool:
    """Return whether `path` is ours and nobody else may write it (so its contents are what we wrote)."""
    try:
        info = path.lstat()
    except OSError:
        return False
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return mine and not stat.S_ISLNK(info.st_mode) and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _payload(entry: Path) -> bytes | None:
    """Return the contents of the cache file `entry` when it is trusted and intact, else None."""
    if not (_trusted(entry.parent) and _trusted(entry)):
        return None
    try:
        blob = entry.read_bytes()
    except OSError:
        return None
    if not blob.startswith(MAGIC):
        return None
    check, payload = blob[len(MAGIC):len(MAGIC) + 32], blob[len(MAGIC) + 32:]
    return payload if hashlib.sha256(payload).digest() == check else None


def _read(entry: Path, digest: str, path: str, data: bytes) -> ttfonts.TTFontFace | None:
    """Return the face cached in `entry` when it is trusted, intact and describes the file `digest`; else None."""
    payload = _payload(entry)
    if payload is None:
        return None
    try:
        paused = gc.isenabled()
        gc.disable()  # tens of thousands of small lists and tuples: the collector would pass over them in vain
        try:
            saved = marshal.loads(payload)
        finally:
            if paused:
                gc.enable()
        if saved.get("font") != digest or saved.get("format") != FORMAT:
            return None
        return face_from_state(saved, path, data)
    except Exception:  # a cache is never worth a failed build: parse the face instead
        return None


def read_entry(kind: str, name: str) -> bytes | None:
    """Return what write_entry kept as `name` in the user's cache `kind`, when it is trusted and intact; else None.

    The same rules as the faces' (a folder and file of ours nobody else may
    write, the contents' SHA-256 checked) for other derived files, such as the
    Word files' pictures (charts/raster.py).
    """
    folder = user_cache(kind)
    return _payload(folder / name) if folder is not None and os.sep not in name else None


def write_entry(kind: str, name: str, payload: bytes, keep: int = 256) -> None:
    """Keep `payload` as `name` in the user's cache `kind` (0600, atomically), quietly giving up when it cannot.

    The folder keeps the `keep` newest entries: older ones are removed.
    """
    folder = user_cache(kind)
    if folder is None or os.sep in name:
        return
    _store(folder / name, name, payload)
    try:
        entries = list(os.scandir(folder))
        if len(entries) > keep:
            entries.sort(key=lambda e: e.stat(follow_symlinks=False).st_mtime_ns)
            for old in entries[:len(entries) - keep]:
                if old.is_file(follow_symlinks=False):
                    os.unlink(old.path)
    except OSError:
        return


def _write(entry: Path, digest: str, face: ttfonts.TTFontFace) -> None:
    """Save `face` in `entry` (0600, atomically), quietly giving up when the folder cannot be written."""
    saved = face_state(face)
    if saved is None:
        return
    saved.update(font=digest, format=FORMAT)
    try:
        payload = marshal.dumps(saved)
    except ValueError:
        return
    _store(entry, digest, payload)


def _store(entry: Path, digest: str, payload: bytes) -> None:
    """Write `payload` to the cache file `entry` (0600, atomically); replace older entries of the file `digest`."""
    try:
        entry.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _trusted(entry.parent):
            return
        fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=".face-")  # mkstemp makes it 0600
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(MAGIC + hashlib.sha256(payload).digest() + payload)
            os.replace(tmp, entry)
        except BaseException:
            os.unlink(tmp)
            raise
        for old in entry.parent.glob(f"{digest}-*{entry.suffix}"):  # of older ReportLab or format versions
            if old != entry:
                old.unlink(missing_ok=True)
    except OSError:
        return
