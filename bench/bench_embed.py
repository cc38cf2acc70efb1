"""Time embedding the fonts in the sample's Word files: cold (subsetting), from the disk cache, from memory.

Builds the three sample .docx once, then runs render/docx/embed.py's step on
each package's parts with an empty cache folder, again with the memory cleared
(the disk cache of a second build), and again (a rebuild in the same process).
Prints the time each costs per file and the sizes. Run from the repository
root: python bench/bench_embed.py
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    from briefing.render.docx import embed

    with tempfile.TemporaryDirectory() as out, tempfile.TemporaryDirectory() as cache:
        os.environ["XDG_CACHE_HOME"] = cache
        subprocess.run([sys.executable, "-m", "briefing", "build", "--lang", "zh,en,zh+en", "--format", "docx",
                        "--out", out], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        for p in Path(cache).rglob("*.ttf"):
            p.unlink()
        for lang in ("zh", "en", "zh+en"):
            path = Path(out) / f"qiantang-{lang}.docx"
            with zipfile.ZipFile(path) as z:
                parts = {n: z.read(n) for n in z.namelist() if not n.startswith("word/fonts/")}
            times = []
            for clear in (True, True, False):
                if clear:
                    embed._MEMORY.clear()
                start = time.perf_counter()
                embed.embed_fonts(parts)
                times.append(time.perf_counter() - start)
            print(f"{path.name}: {path.stat().st_size / 1e3:.0f} KB; embedding cold {times[0]:.2f} s, "
                  f"disk cache {times[1] * 1e3:.0f} ms, memory {times[2] * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
