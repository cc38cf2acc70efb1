"""Running the command line as a user would, in a subprocess bounded in memory, and snapshots of folders.

`cli()` runs `python3 -m briefing` from the worktree with an address-space limit
(resource.setrlimit in the child), so an input that makes the tool grow fails
the test instead of the machine. `snapshot()` records a folder byte for byte.
"""
from __future__ import annotations

import hashlib
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 1536 * 1024 * 1024  # address space of the CLI under test: 1.5 GiB
MINIMAL = (ROOT / "tests" / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")


def _limit(memory: int):
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    return apply


def cli(*args: str, cwd: Path | None = None, memory: int = MEMORY_LIMIT, timeout: float = 240,
        env_extra: dict[str, str] | None = None, **kwargs) -> subprocess.CompletedProcess:
    """Run `python3 -m briefing ARGS` in `cwd` with the worktree's package and a memory limit (and `env_extra`)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1", **(env_extra or {}))
    env.pop("BRIEFING_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "briefing", *args], cwd=cwd or ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout, preexec_fn=_limit(memory), **kwargs)


def popen(*args: str, cwd: Path | None = None, memory: int = MEMORY_LIMIT) -> subprocess.Popen:
    """Start `python3 -m briefing ARGS` in its own session (as a terminal's foreground job would be)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.Popen([sys.executable, "-m", "briefing", *args], cwd=cwd or ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=lambda: (os.setsid(), _limit(memory)()))


def snapshot(folder: Path) -> dict[str, str]:
    """Return every file under `folder` (hidden ones too) with the SHA-256 of its bytes."""
    if not folder.exists():
        return {}
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def project(tmp: Path, *regions: str, brand: bool = False) -> Path:
    """Make a project folder under `tmp`: data/<id>.yaml for each id (the minimal region), templates/ copied."""
    root = tmp / "project"
    (root / "data").mkdir(parents=True)
    for rid in regions:
        (root / "data" / f"{rid}.yaml").write_text(MINIMAL.replace("id: minimal", f"id: {rid}", 1), encoding="utf-8")
    if brand:
        shutil.copytree(ROOT / "templates" / "qiantang", root / "brand")
    return root


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) if folder.exists() else []


def clean(stderr: str) -> bool:
    """Whether a run's stderr is free of tracebacks and internal errors."""
    return "Traceback" not in stderr and "internal error" not in stderr
