"""Reading an input file safely: a regular file only, checked before it is opened, read up to a limit.

Every file the tool reads (content, edition, brand, images, fonts,
reference.docx, PDFs to preview) goes through `read_limited` or `check_regular`,
so a named pipe, a device such as /dev/zero, a folder or a link loop is refused
with its real name instead of blocking or filling memory, and a file larger than
its limit is refused before it is read.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


class Unreadable(Exception):
    """The file cannot be used; the message says why in words (no path: the caller names the file)."""


def kind(mode: int) -> str:
    """Return what a non-regular file is, as a person would name it."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def reason(exc: OSError) -> str:
    """Return why opening or reading failed, in words."""
    if exc.errno == errno.ENOENT:
        return "no such file"
    if exc.errno == errno.ELOOP:
        return "is a link that leads back to itself (a link loop)"
    if exc.errno == errno.EACCES:
        return "cannot be read: permission denied"
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long"
    if exc.errno == errno.ENOTDIR:
        return "no such file (a part of the path is a file, not a folder)"
    return f"cannot be read: {exc.strerror or exc}"


def check_regular(path: Path | str, noun: str = "a file") -> os.stat_result:
    """Return the status of `path`, raising Unreadable unless it is a regular file (links followed)."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise Unreadable(reason(exc)) from None
    except ValueError:  # a NUL in the name
        raise Unreadable("the file name contains a NUL character") from None
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable(f"is {kind(info.st_mode)}, not {noun}" if kind(info.st_mode).startswith("a ")
                         else "is not a regular file")
    return info


def human(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MiB"
    return f"{max(1, n // 1024)} KiB" if n >= 1024 else f"{n} bytes"


def read_limited(path: Path | str, limit: int, what: str = "files of this kind", noun: str = "a file") -> bytes:
    """Return the bytes of the regular file `path`, refusing it unread when larger than `limit` bytes.

    The file is checked with stat before it is opened, opened without blocking
    (a pipe swapped in meanwhile is caught by fstat) and read at most limit+1 bytes.
    """
    info = check_regular(path, noun)
    if info.st_size > limit:
        raise Unreadable(f"is {human(info.st_size)}; {what} are limited to {human(limit)}")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise Unreadable(reason(exc)) from None
    try:
        now = os.fstat(fd)
        if not stat.S_ISREG(now.st_mode):
            raise Unreadable(f"is {kind(now.st_mode)}, not {noun}")
        chunks, total = [], 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise Unreadable(reason(exc)) from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise Unreadable(f"is more than {human(limit)}; {what} are limited to {human(limit)}")
    return data


INSIDE_RULE = ("a path in a region, edition or brand file is relative to that file's folder and stays inside it "
               "(no absolute path, no '..' climbing out, no link leading out)")


def inside(base: Path | str, raw: str) -> Path:
    """Return `raw` (a path written in a file in folder `base`) as a path, refusing one that leads outside `base`."""
    if not raw or "\x00" in raw:
        raise Unreadable("is an empty path" if not raw else "contains a NUL character")
    written = Path(raw)
    if written.is_absolute() or raw.startswith(("\\", "~")) or (len(raw) > 1 and raw[1] == ":"):
        raise Unreadable(f"{_short(raw)} is an absolute path; {INSIDE_RULE}")
    if ".." in written.parts or ".." in raw.replace("\\", "/").split("/"):
        raise Unreadable(f"{_short(raw)} climbs out of the folder with '..'; {INSIDE_RULE}")
    base = Path(base)
    path = base / written
    try:
        real, root = path.resolve(), base.resolve()
    except (OSError, RuntimeError):
        raise Unreadable(f"{_short(raw)} is a link that leads back to itself (a link loop)") from None
    if not real.is_relative_to(root):
        raise Unreadable(f"{_short(raw)} is a link leading outside the folder; {INSIDE_RULE}")
    return path


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")
