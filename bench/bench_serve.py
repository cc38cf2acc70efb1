"""Time `briefing serve` from a save to the new page being available, for one language's PDF.

Starts the server (a separate process, as an editor runs it) on a copy of the sample,
follows its event stream as the page does, and 20 times changes the first key figure
and saves. Each time counts from the save until the stream says the new version is
ready and the page holding the figure has been fetched (its image and its text, the
text checked for the new value). Prints the median, the fastest and the slowest.
Run from the repository root: python bench/bench_serve.py [saves]
Target: median within 0.5 s.
"""
from __future__ import annotations

import http.client
import json
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIGURE = "    value: 4630000000\n"  # the first key figure, 46.3亿元


def follow(host: str, port: int, events: queue.Queue) -> None:
    """Put each state of the Chinese PDF view on `events` as (arrival time, state)."""
    conn = http.client.HTTPConnection(host, port, timeout=60)
    conn.request("GET", "/events?lang=zh&format=pdf")
    response = conn.getresponse()
    data = []
    for raw in response:
        line = raw.decode("utf-8").rstrip("\n")
        if line.startswith("data: "):
            data.append(line[6:])
        elif not line and data:
            events.put((time.perf_counter(), json.loads("".join(data))))
            data = []


def get(host: str, port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection(host, port, timeout=30)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path}: HTTP {response.status}")
    return body


def wait_ready(events: queue.Queue, newer_than: int) -> dict:
    while True:
        _, state = events.get(timeout=60)
        if state["status"] == "ok" and state["version"] and state["version"]["id"] > newer_than:
            return state


def main(saves: int = 20) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    shutil.copytree(ROOT / "data", folder / "data")
    content = folder / "data" / "qiantang.yaml"
    original = content.read_text(encoding="utf-8")
    assert FIGURE in original
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-m", "briefing", "serve", "data/qiantang.yaml", "--lang", "zh"],
                              cwd=folder, env=env, stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        host, port = re.search(r"http://([0-9.]+):([0-9]+)/", line).groups()
        port = int(port)
        events: queue.Queue = queue.Queue()
        threading.Thread(target=follow, args=(host, port, events), daemon=True).start()
        state = wait_ready(events, 0)
        page = next(n for n in range(1, len(state["version"]["pages"]) + 1)
                    if "46.3亿元" in get(host, port, f"/pages/{state['version']['id']}/{n}.json").decode())
        times, ready = [], []
        tenths = [t for t in range(464, 464 + saves * 2) if t % 10][:saves]  # 46.4, 46.5 ... (47.0 prints as 47)
        for i, tenth in enumerate(tenths):
            time.sleep(0.4)
            shown = f"{tenth / 10:.1f}亿元"
            value = tenth * 10**7
            start = time.perf_counter()
            content.write_text(original.replace(FIGURE, f"    value: {value}\n"), encoding="utf-8")
            state = wait_ready(events, state["version"]["id"])
            announced = time.perf_counter()
            vid = state["version"]["id"]
            get(host, port, f"/pages/{vid}/{page}.png")
            text = get(host, port, f"/pages/{vid}/{page}.json").decode()
            if shown not in text:
                raise RuntimeError(f"save {i + 1}: page {page} does not show {shown}")
            times.append(time.perf_counter() - start)
            ready.append(announced - start)
        print(f"save to new page (zh PDF, page {page}), {saves} saves: median {statistics.median(times):.3f} s, "
              f"fastest {min(times):.3f} s, slowest {max(times):.3f} s (target: median within 0.5 s); "
              f"of which save to the new version announced: median {statistics.median(ready):.3f} s")
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
