"""Time the full sample build (four files) against the floor of importing the libraries.

Each measurement runs in a fresh interpreter, several times; the medians and their
ratio are printed. Run from the repository root: python bench/bench_build.py [runs]
Target: the four-file build within 3x of the floor.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = [sys.executable, "-c", "import reportlab.platypus, docx, yaml"]


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(runs: int = 7) -> None:
    with tempfile.TemporaryDirectory() as out:
        build = [sys.executable, "-m", "briefing", "build", "data/qiantang.yaml", "--out", out]
        timed(build)  # warm the file cache and byte-code once
        timed(FLOOR)
        floor, full = [], []
        for _ in range(runs):  # alternate, so a busy moment weighs on both alike
            floor.append(timed(FLOOR))
            full.append(timed(build))
        files = sorted(p.name for p in Path(out).iterdir())
    f, b = statistics.median(floor), statistics.median(full)
    print(f"floor (import reportlab.platypus, docx, yaml): median {f:.3f} s over {runs} runs")
    print(f"full build ({len(files)} files: {', '.join(files)}): median {b:.3f} s over {runs} runs")
    print(f"ratio build/floor: {b / f:.2f}x (target: within 3x)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
