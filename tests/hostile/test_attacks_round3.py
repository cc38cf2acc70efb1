"""Found attacking the hardened tool a third time, as a hostile designer or office and an unlucky operator."""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from hostile_run import MINIMAL, ROOT, clean, cli, snapshot

pytestmark = pytest.mark.timeout(240)


def _brand(tmp_path: Path, edit=None) -> Path:
    brand = tmp_path / "brand"
    shutil.copytree(ROOT / "templates" / "qiantang", brand)
    if edit:
        yml = brand / "_brand.yml"
        yml.write_text(edit(yml.read_text(encoding="utf-8")), encoding="utf-8")
    return brand


def _region(tmp_path: Path, text: str = MINIMAL) -> Path:
    region = tmp_path / "region.yaml"
    region.write_text(text, encoding="utf-8")
    return region


def _logos_in(out: Path) -> tuple[int, int]:
    """Return how many images the English PDF draws on its first page and how many the Word file holds."""
    pdf = (out / "minimal-en.pdf").read_bytes()
    with zipfile.ZipFile(out / "minimal-en.docx") as docx:
        media = [n for n in docx.namelist() if n.startswith("word/media/")]
    return pdf.count(b"/Subtype /Image"), len(media)


@pytest.mark.parametrize("edit, files", [
    # a JPEG logo passes the image check, but only PNG paths were ever drawn: the briefings had no emblem
    (lambda s: s.replace("path: logo.png", "path: logo.jpg"), {"logo.jpg": "JPEG"}),
    # a trailing slash on the path: the same file, but not ending in .png, so silently no logo
    (lambda s: s.replace("path: logo.png", "path: logo.png/"), {}),
    # an upper-case name
    (lambda s: s.replace("path: logo.png", "path: LOGO.PNG"), {"LOGO.PNG": "PNG"}),
])
def test_a_brand_logo_is_drawn_or_refused_never_silently_left_out(tmp_path, edit, files):
    reference = tmp_path / "reference"
    run = cli("build", str(_region(tmp_path)), "--out", str(reference), "--lang", "en", "--max-age", "0")
    assert run.returncode == 0, run.stderr
    expected = _logos_in(reference)
    brand = _brand(tmp_path, edit)
    for name, kind in files.items():
        Image.open(ROOT / "templates" / "qiantang" / "logo.png").convert("RGB").save(brand / name, kind)
    out = tmp_path / "out"
    run = cli("build", str(_region(tmp_path)), "--brand", str(brand), "--out", str(out), "--lang", "en",
              "--max-age", "0")
    assert clean(run.stderr), run.stderr
    if run.returncode == 0:
        got = _logos_in(out)
        assert got[0] >= 1 and got[1] == expected[1], (got, expected)
    else:
        assert "_brand.yml:" in run.stderr and "logo" in run.stderr and snapshot(out) == {}, run.stderr


def _serving(tmp_path: Path, port: int):
    """Start `briefing serve` in a memory-limited subprocess; return it once it prints its address."""
    from hostile_run import popen

    region = _region(tmp_path)
    proc = popen("serve", str(region), "--port", str(port), "--out", str(tmp_path / "out"), "--max-age", "0",
                 cwd=tmp_path)
    line = proc.stdout.readline()
    assert "Previewing" in line, line + proc.stderr.read()
    return proc


def _get(port: int, path: str = "/api/state") -> int:
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path)
        return conn.getresponse().status
    finally:
        conn.close()


def test_many_idle_connections_are_bounded_and_print_no_traceback(tmp_path):
    import signal
    import socket

    port = 8900 + __import__("os").getpid() % 90
    proc = _serving(tmp_path, port)
    held = []
    try:
        for _ in range(400):  # slowloris: requests never finished, each would hold a thread forever
            sock = socket.create_connection(("127.0.0.1", port), timeout=60)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n" % port)
            held.append(sock)
        last = held[-1]  # beyond the limit: closed by the server at once, not left hanging
        assert last.recv(1) == b""
        for sock in held:
            sock.close()
        held.clear()
        for _ in range(100):  # the held threads end as their connections close; then it answers again
            try:
                if _get(port) == 200:
                    break
            except OSError:
                pass
            __import__("time").sleep(0.2)
        assert _get(port) == 200
        idle = socket.create_connection(("127.0.0.1", port), timeout=120)
        assert idle.recv(1) == b""  # a silent connection is closed by the server after its timeout
        idle.close()
    finally:
        for sock in held:
            sock.close()
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    assert clean(err) and "Exception occurred" not in err, err[:2000]


@pytest.mark.parametrize("command", [["reference-doc", "--out", "{target}"],
                                     ["preview", "{pdf}", "--out", "{target}"],
                                     ["build", "{region}", "--out", "{folder}", "--max-age", "0"]])
def test_an_output_that_is_a_pipe_is_refused_not_replaced(tmp_path, command):
    # as root, `reference-doc --out /dev/full` replaced the device with a Word file; a pipe shows the same
    import os
    import stat

    region = _region(tmp_path)
    reference = tmp_path / "reference"
    assert cli("build", str(region), "--out", str(reference), "--max-age", "0").returncode == 0
    folder = tmp_path / "folder"
    folder.mkdir()
    target = folder / ("minimal-zh.pdf" if command[0] == "build" else "out.bin")
    os.mkfifo(target)
    args = [a.format(target=target, pdf=reference / "minimal-en.pdf", region=region, folder=folder) for a in command]
    run = cli(*args)
    assert run.returncode != 0 and clean(run.stderr) and "a named pipe" in run.stderr, run.stdout + run.stderr
    assert stat.S_ISFIFO(os.lstat(target).st_mode)
    assert sorted(p.name for p in folder.iterdir()) == [target.name]


@pytest.mark.parametrize("command", [["build", "{region}"], ["preview", "{pdf}"], ["reference-doc"],
                                     ["new", "alpha"], ["serve", "{region}"]])
@pytest.mark.parametrize("value", ["", " ", "a\x00b"])
def test_an_empty_out_is_refused_with_usage_not_written_to_the_current_folder(tmp_path, command, value):
    # `build FILE --out ''` wrote the four briefings into whatever folder the shell was in
    region = _region(tmp_path)
    (tmp_path / "minimal-en.pdf").write_bytes(b"%PDF-1.4\n")
    work = tmp_path / "work"
    work.mkdir()
    args = [a.format(region=region, pdf=tmp_path / "minimal-en.pdf") for a in command]
    if "\x00" in value:  # a NUL cannot reach a program through exec; it is checked in-process
        from briefing.cli import main

        try:
            status = main([*args, "--out", value])
        except SystemExit as exit_:
            status = exit_.code
        assert status == 2
    else:
        run = cli(*args, "--out", value, cwd=work)
        assert run.returncode == 2 and clean(run.stderr) and "usage:" in run.stderr and "--out" in run.stderr, \
            run.stdout + run.stderr
    assert snapshot(work) == {}
