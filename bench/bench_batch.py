"""Time `briefing build --all` on 20 editions in both languages and formats (80 files).

The editions are copies of the Japanese sample edition with their own ids, written
with the region into a temporary project. The batch is built once in one process
(--jobs 1) and once with one process per core, each with --force; the script
prints the time per file and the speed-up. Run from the repository root:
python bench/bench_batch.py
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EDITIONS = 20


def project(folder: Path) -> None:
    data = folder / "data"
    (data / "editions").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "qiantang.yaml", data / "qiantang.yaml")
    sample = (ROOT / "data" / "editions" / "japan-2023-06.yaml").read_text(encoding="utf-8")
    for n in range(EDITIONS):
        text = sample.replace("id: japan-2023-06", f"id: delegation-{n:02d}")
        (data / "editions" / f"delegation-{n:02d}.yaml").write_text(text, encoding="utf-8")


def run(folder: Path, jobs: int | None) -> float:
    cmd = [sys.executable, "-m", "briefing", "build", "--all", "--force"] + (["--jobs", str(jobs)] if jobs else [])
    start = time.perf_counter()
    subprocess.run(cmd, cwd=folder, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        project(folder)
        run(folder, None)  # warm the caches
        files = len([p for p in (folder / "output").iterdir() if not p.name.startswith(".")])
        serial = run(folder, 1)
        parallel = run(folder, None)
    cores = os.cpu_count()
    print(f"{files} files ({EDITIONS} editions and the region, zh and en, PDF and Word)")
    print(f"one process:        {serial:.2f} s, {serial / files * 1000:.0f} ms per file")
    print(f"{cores} processes (--all): {parallel:.2f} s, {parallel / files * 1000:.0f} ms per file")
    print(f"speed-up: {serial / parallel:.2f}x on {cores} cores")


if __name__ == "__main__":
    main()
