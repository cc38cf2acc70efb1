"""Time the full sample build (four files) against Typst's one bilingual PDF and the import floor.

Three commands run in turn, each in a fresh interpreter, `runs` times (default 9), so a
busy moment on a shared machine weighs on all of them alike:

- the Typst yardstick (../shared/bench/typst-yardstick/): one bilingual PDF of the same
  article, compiled through Typst's Python binding. It runs when its interpreter is found:
  the environment variable BRIEFING_TYPST_PYTHON (the python of a venv with
  `pip install typst==0.15.2 pyyaml`), else .venv-typst/bin/python in the repository
  or beside it (/work/.venv-typst here). BRIEFING_TYPST_YARDSTICK names the yardstick's
  folder when it is not at ../shared/bench/typst-yardstick beside the repository.
- the floor: `python -c "import reportlab.platypus, docx, yaml"`;
- `python -m briefing build data/qiantang.yaml --out TMP` (zh and en, PDF and Word).

For each it prints the median wall time, the median CPU time (user + system of the
process and all its children, from getrusage) and the largest peak memory (ru_maxrss
of the biggest process), then the ratios to Typst. CPU time is the figure to trust on
a machine shared with others; wall time depends on who else is running.

Byte-code: the commands run with PYTHONDONTWRITEBYTECODE removed from the environment,
so Python reads compiled .pyc files as it does for an installed package (pip compiles
them); the first, discarded run of each writes them.

Run from the repository root: python bench/bench_build.py [runs]
Targets (issue 13): the build at most 1.5x Typst's wall time (stretch 1.0x), CPU at most 2x.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLOOR = [sys.executable, "-c", "import reportlab.platypus, docx, yaml"]
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def typst_python() -> Path | None:
    """Return the interpreter of the Typst yardstick's venv, or None when there is none."""
    named = os.environ.get("BRIEFING_TYPST_PYTHON")
    candidates = [Path(named)] if named else [ROOT / ".venv-typst/bin/python", ROOT.parent / ".venv-typst/bin/python"]
    return next((p for p in candidates if p.is_file()), None)


def yardstick() -> Path:
    named = os.environ.get("BRIEFING_TYPST_YARDSTICK")
    return Path(named) if named else ROOT.parent / "shared/bench/typst-yardstick"


def measured(cmd: list[str]) -> tuple[float, float, int]:
    """Run `cmd`; return its wall seconds, CPU seconds (with its children) and peak KiB of its largest process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)  # this command's usage alone, its reaped children included
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{' '.join(cmd)} failed with status {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def main(runs: int = 9) -> None:
    with tempfile.TemporaryDirectory() as out:
        commands = {"floor": FLOOR,
                    "build": [sys.executable, "-m", "briefing", "build", "data/qiantang.yaml", "--out", out]}
        python = typst_python()
        if python:
            commands = {"typst": [str(python), str(yardstick() / "typst_build.py"), str(Path(out) / "typst.pdf")],
                        **commands}
        else:
            print("Typst yardstick not found (set BRIEFING_TYPST_PYTHON); timing the floor and the build only")
        times: dict[str, list[tuple[float, float, int]]] = {name: [] for name in commands}
        for cmd in commands.values():
            measured(cmd)  # warm the file cache and write byte-code once
        peak: dict[str, int] = {}
        for _ in range(runs):  # in turn, so a busy moment weighs on all alike
            for name, cmd in commands.items():
                wall, cpu, maxrss = measured(cmd)
                times[name].append((wall, cpu, maxrss))
                peak[name] = max(peak.get(name, 0), maxrss)
    med = {name: (statistics.median(t[0] for t in ts), statistics.median(t[1] for t in ts)) for name, ts in times.items()}
    for name, (wall, cpu) in med.items():
        print(f"{name:6} wall {wall:.3f} s  cpu {cpu:.3f} s  (medians of {runs})")
    print("peak memory of the largest process: " + ", ".join(f"{n} {k / 1024:.0f} MiB" for n, k in peak.items()))
    if "typst" in med:
        tw, tc = med["typst"]
        for name in ("floor", "build"):
            print(f"{name}/typst: wall {med[name][0] / tw:.2f}x  cpu {med[name][1] / tc:.2f}x")
        print("targets: build/typst wall <= 1.5x (stretch 1.0x), cpu <= 2x")
    else:
        print(f"build/floor: wall {med['build'][0] / med['floor'][0]:.2f}x  cpu {med['build'][1] / med['floor'][1]:.2f}x")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9)
