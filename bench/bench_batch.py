"""Time `briefing build --all` on a province's batch, and a warm process's time per file.

Three measures, run from the repository root:

    python bench/bench_batch.py [EDITIONS] [--scale] [--warm-only]

- the batch: EDITIONS (default 20) copies of the Japanese sample edition with their
  own ids, written with the region into a temporary project, so 4 x (EDITIONS + 1)
  files (84 by default: zh and en, PDF and Word). Built with `--all --force` once in
  one process (`--jobs 1`) and once with one process per core; prints wall and CPU
  time (getrusage of the command and its children), files a second, the speed-up
  and the peak memory of the largest process.
- with --scale: the same batch with ten times the editions (840 files by default),
  one process per core, and the ratio of its time to the 84 files' (target: at
  most 10.5x, i.e. the batch scales linearly).
  On a machine shared with others the wall time depends on their load; the
  CPU-bound rate (files / (CPU seconds / cores)) is what the cores would give if
  they were free, and is printed beside it.
- the warm process: the sample's four files built again and again in one process
  (what `briefing serve` and a batch worker do after the first file), as ms a file,
  CPU time, median of 5 rounds after one warm-up round.

Targets (issue 13): at least 15 files a second on 2 cores; 840 files within 10.5x
the time of 84; a warm process at most 100 ms a file; at most 150 MiB a process.
Byte-code is compiled as for an installed package (PYTHONDONTWRITEBYTECODE is
removed from the commands' environment).
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
ENV = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}, "PYTHONPATH": str(ROOT)}


def project(folder: Path, editions: int) -> None:
    data = folder / "data"
    (data / "editions").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "qiantang.yaml", data / "qiantang.yaml")
    sample = (ROOT / "data" / "editions" / "japan-2023-06.yaml").read_text(encoding="utf-8")
    for n in range(editions):
        text = sample.replace("id: japan-2023-06", f"id: delegation-{n:03d}")
        (data / "editions" / f"delegation-{n:03d}.yaml").write_text(text, encoding="utf-8")


def run(folder: Path, jobs: int | None) -> tuple[float, float, int]:
    """Build the batch in `folder`; return wall seconds, CPU seconds and the largest process's peak KiB."""
    cmd = [sys.executable, "-m", "briefing", "build", "--all", "--force"] + (["--jobs", str(jobs)] if jobs else [])
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=folder, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"the batch failed in {folder}")
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def count(folder: Path) -> int:
    return len([p for p in (folder / "output").iterdir() if p.suffix in (".pdf", ".docx")])


WARM = """
import gc, statistics, sys, time, resource
from pathlib import Path
gc.disable()
from briefing.brand import resolve_brand
from briefing.checks import inspect
from briefing.layout import layout
from briefing.render.registry import renderer
out = Path(sys.argv[1])
def once(tag):
    brand = resolve_brand(None)
    region, edition, _ = inspect(Path("data/qiantang.yaml"), brand)
    for lang in ("zh", "en"):
        doc = layout(region, lang, edition)
        for fmt in ("pdf", "docx"):
            renderer(fmt)(doc, brand, out / f"{tag}-{lang}.{fmt}")
    gc.collect()  # what a long-lived process does between builds (build/shared.py: settle)
    gc.freeze()
once("warm-up")
rounds = []
for n in range(5):
    t = time.process_time(); once(f"r{n}"); rounds.append((time.process_time() - t) / 4)
print(statistics.median(rounds) * 1000, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def warm() -> tuple[float, int]:
    """Return the median CPU ms a file of the sample's four files in a warm process, and its peak KiB."""
    with tempfile.TemporaryDirectory() as out:
        got = subprocess.run([sys.executable, "-c", WARM, out], cwd=ROOT, env=ENV, check=True,
                             capture_output=True, text=True).stdout.split()
    return float(got[0]), int(got[1])


def main(argv: list[str]) -> None:
    editions = int(next((a for a in argv if a.isdigit()), 20))
    ms, peak = warm()
    print(f"warm process: {ms:.0f} ms a file (CPU, median of 5 rounds of the sample's four files), "
          f"peak {peak / 1024:.0f} MiB (target: at most 100 ms a file)")
    if "--warm-only" in argv:
        return
    cores = os.cpu_count()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        project(folder, editions)
        run(folder, None)  # warm the file cache and the byte-code
        files = count(folder)
        s_wall, s_cpu, s_peak = run(folder, 1)
        p_wall, p_cpu, p_peak = run(folder, None)
    print(f"{files} files ({editions} editions and the region, zh and en, PDF and Word)")
    print(f"one process:          {s_wall:6.2f} s wall, {s_cpu:6.2f} s CPU, {files / s_wall:5.1f} files a second, "
          f"{s_wall / files * 1000:.0f} ms a file, peak {s_peak / 1024:.0f} MiB")
    print(f"{cores} processes (--all):  {p_wall:6.2f} s wall, {p_cpu:6.2f} s CPU, {files / p_wall:5.1f} files a second, "
          f"{p_wall / files * 1000:.0f} ms a file, peak {p_peak / 1024:.0f} MiB (target: 15 files a second)")
    print(f"speed-up: {s_wall / p_wall:.2f}x on {cores} cores")
    print(f"CPU-bound rate (files / (CPU s / {cores} cores), what {cores} free cores would give): "
          f"{files / (p_cpu / cores):.1f} files a second")
    if "--scale" in argv:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            project(folder, editions * 10)
            big_wall, big_cpu, big_peak = run(folder, None)
            big = count(folder)
        print(f"{big} files, {cores} processes: {big_wall:.2f} s wall, {big_cpu:.2f} s CPU, "
              f"{big / big_wall:.1f} files a second, peak {big_peak / 1024:.0f} MiB")
        print(f"scaling {files} -> {big} files: {big_wall / p_wall:.2f}x the time (wall), "
              f"{big_cpu / p_cpu:.2f}x (CPU) (target: at most 10.5x)")


if __name__ == "__main__":
    main(sys.argv[1:])
