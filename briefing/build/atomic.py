"""Writing output files atomically: a failed build leaves the previous file as it was."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Callable

from briefing.errors import OutputError


def write_atomically(path: Path, render: Callable[[Path], object]) -> None:
    """Call render(tmp_path) beside `path`, then move the result over `path`."""
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
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {exc.strerror}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
