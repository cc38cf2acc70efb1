"""Helpers for the `briefing serve` tests: a server on a copy of the sample, raw requests, its event stream."""
from __future__ import annotations

import http.client
import json
import queue
import shutil
import socket
import threading
import time
from pathlib import Path

from briefing.serve.server import bind
from briefing.serve.session import Session

ROOT = Path(__file__).resolve().parents[2]
FIGURE = "    value: 4630000000\n"  # the first key figure: 46.3亿元 on the Chinese page of key figures
_SAMPLE_LINES = (ROOT / "data" / "qiantang.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
FIGURE_LINE = _SAMPLE_LINES.index(FIGURE) + 1  # its line in data/qiantang.yaml
AS_OF_LINE = next(n for n, line in enumerate(_SAMPLE_LINES, 1) if line.startswith("as_of:"))  # the content's date


def copy_sample(folder: Path) -> Path:
    """Copy the sample's data/ into `folder`; return the region file."""
    shutil.copytree(ROOT / "data", folder / "data")
    return folder / "data" / "qiantang.yaml"


def start(path: Path, **options):
    """Return a running server (bound to 127.0.0.1, default or next free port) for `path`."""
    session = Session(path, poll=0.05, **options)
    server = bind(session, "127.0.0.1", None)
    server.start()
    return server


def save(path: Path, text: str) -> None:
    """Save as an editor does: a new file renamed over the old one."""
    tmp = path.with_name(path.name + ".swp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def request(server, method: str, target: str, headers: dict | None = None, body: bytes | None = None):
    """Send `target` as written (no normalising); return (status, headers, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    headers = {"Host": f"127.0.0.1:{server.port}", **(headers or {})}
    conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
    for key, value in headers.items():
        conn.putheader(key, value)
    if body is not None:
        conn.putheader("Content-Length", str(len(body)))
    conn.endheaders(body)
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), data


def raw(server, data: bytes) -> bytes:
    """Send raw bytes; return the first response's status line and headers."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(data)
        got = b""
        while b"\r\n\r\n" not in got:
            chunk = sock.recv(4096)
            if not chunk:
                break
            got += chunk
    return got


class Events:
    """The event stream of one view, read in a thread: each state the server sends, in order."""

    def __init__(self, server, lang: str = "zh", fmt: str = "pdf"):
        self.states: queue.Queue = queue.Queue()
        self.conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        self.conn.request("GET", f"/events?lang={lang}&format={fmt}")
        self.response = self.conn.getresponse()
        self.headers = dict(self.response.getheaders())
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        data = []
        try:
            for line in self.response:
                line = line.decode("utf-8").rstrip("\n")
                if line.startswith("data: "):
                    data.append(line[6:])
                elif not line and data:
                    self.states.put(json.loads("".join(data)))
                    data = []
        except (OSError, ValueError):
            pass

    def until(self, test, timeout: float = 60) -> dict:
        """Return the first state sent for which test(state) holds; fail after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("the server sent no such state")
            try:
                state = self.states.get(timeout=left)
            except queue.Empty:
                raise AssertionError("the server sent no such state") from None
            if test(state):
                return state

    def ready(self, newer_than: int = 0, timeout: float = 60) -> dict:
        """Return the first state with up-to-date pages newer than version `newer_than`."""
        return self.until(lambda s: s["status"] == "ok" and s["version"] and s["version"]["id"] > newer_than, timeout)

    def close(self) -> None:
        self.conn.close()


def page_text(server, version: int, pages: int) -> str:
    """Return the text layer of every page of `version`, joined."""
    texts = []
    for n in range(1, pages + 1):
        status, _, body = request(server, "GET", f"/pages/{version}/{n}.json")
        assert status == 200
        texts.append(" ".join(line[4] for line in json.loads(body)["lines"]))
    return without_gaps("\n".join(texts))


def without_gaps(text: str) -> str:
    """Return `text` without the spaces a text extractor reads into the Han-Latin gaps (issue 9: 46.3 亿元)."""
    import re

    return re.sub(r"(?<=[0-9A-Za-z%]) (?=[\u4e00-\u9fff])|(?<=[\u4e00-\u9fff]) (?=[0-9A-Za-z])", "", text)
