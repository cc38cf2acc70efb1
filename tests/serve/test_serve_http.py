"""`briefing serve` without a browser: routes, traversal, Host header, event stream, Build token, saves."""
from __future__ import annotations

import io
import json
import os
import shutil
import socket
import subprocess
import sys

import pytest
from conftest import MINIMAL
from serve_helpers import (
    FIGURE,
    without_gaps,
    FIGURE_LINE,
    ROOT,
    Events,
    copy_sample,
    page_text,
    raw,
    request,
    save,
    start,
)

from briefing.cli import main
from briefing.serve import pipeline
from briefing.serve import session as session_module
from briefing.serve.server import host_ok

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def sample(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return copy_sample(tmp_path)


@pytest.fixture
def server(sample):
    srv = start(sample)
    yield srv
    srv.close()


def test_the_page_and_its_files_are_served_with_a_build_token_and_a_strict_policy(server):
    status, headers, body = request(server, "GET", "/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert server.token in body.decode() and "data/qiantang.yaml" in body.decode()
    assert "default-src 'none'" in headers["Content-Security-Policy"] and headers["X-Content-Type-Options"] == "nosniff"
    for path in ("/static/app.js", "/static/app.css"):
        assert request(server, "GET", path)[0] == 200


@pytest.mark.parametrize("target", [
    "/etc/passwd", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/pyproject.toml", "/static/index.html",
    "/static/app.js/../../session.py", "//etc/passwd", "/data/qiantang.yaml", "/qiantang.yaml",
    "/pages/1/../../../etc/passwd", "/pages/999/1.png", "/pages/1/0.png", "/pages/1/99.png", "/pages/x/1.png",
    "/file/999", "/file/1/../../data/qiantang.yaml", "/static/app.js%00.png", "/api/build",
    "http://127.0.0.1/etc/passwd", "/C:/Windows/win.ini", "/\\..\\..\\etc\\passwd",
])
def test_anything_but_what_it_renders_is_a_404(server, target):
    Events(server).ready()  # version 1 exists, so /pages/1/... paths are real ones gone wrong
    status, _, body = request(server, "GET", target)
    assert status == 404, target
    assert b"root:" not in body and b"qiantang" not in body


def test_the_pages_of_a_version_are_images_and_text(server):
    state = Events(server).ready()
    vid, pages = state["version"]["id"], len(state["version"]["pages"])
    assert pages > 5
    status, headers, body = request(server, "GET", f"/pages/{vid}/1.png")
    assert status == 200 and headers["Content-Type"] == "image/png" and body.startswith(b"\x89PNG")
    assert "46.3亿元" in page_text(server, vid, pages)
    status, headers, body = request(server, "GET", f"/file/{vid}")
    assert status == 200 and body.startswith(b"%PDF")


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.nip.io:{port}",
                                  "127.0.0.1:1", "localhost.evil.example:{port}", ""])
def test_a_foreign_host_header_is_refused(server, host):
    status, _, body = request(server, "GET", "/api/state", headers={"Host": host.format(port=server.port)})
    assert status == 403 and b"qiantang" not in body


def test_requests_without_a_host_header_are_refused(server):
    assert raw(server, b"GET / HTTP/1.0\r\n\r\n").split(b"\r\n")[0].endswith(b" 403 Forbidden")


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}"])
def test_its_own_addresses_are_answered(server, host):
    assert request(server, "GET", "/api/state", headers={"Host": host.format(port=server.port)})[0] == 200


def test_a_wildcard_bind_answers_ip_addresses_but_not_names():
    assert host_ok("192.168.1.20:8642", None, 8642) and not host_ok("evil.example:8642", None, 8642)
    assert not host_ok("192.168.1.20:80", None, 8642)


def test_build_needs_a_post_with_the_pages_token(server, sample):
    out = sample.parent.parent / "output"
    Events(server).ready()
    assert request(server, "GET", "/api/build")[0] == 404
    assert request(server, "POST", "/api/build", body=b"")[0] == 403
    assert request(server, "POST", "/api/build", headers={"X-Briefing-Token": "guess"}, body=b"")[0] == 403
    assert request(server, "POST", "/api/other", headers={"X-Briefing-Token": server.token}, body=b"")[0] == 404
    assert not out.exists()  # nothing is written to output/ but by Build
    status, _, body = request(server, "POST", "/api/build", headers={"X-Briefing-Token": server.token}, body=b"")
    result = json.loads(body)
    assert status == 200 and result["ok"]
    assert main(["build", "data/qiantang.yaml", "--out", "built-by-cli"]) == 0
    expected = sorted(p.name for p in (sample.parent.parent / "built-by-cli").iterdir())
    assert sorted(p.name for p in out.iterdir()) == expected  # the same files `briefing build` writes
    assert [f["path"] for f in result["files"]] == [f"output/{name}" for name in
                                                    ("qiantang-zh.pdf", "qiantang-zh.docx",
                                                     "qiantang-en.pdf", "qiantang-en.docx")]
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out / "qiantang-zh.pdf"), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "46.3亿元" in without_gaps(text)


def test_a_save_updates_the_pages(server, sample):
    events = Events(server)
    assert events.headers["Content-Type"].startswith("text/event-stream")
    first = events.ready()
    save(sample, sample.read_text(encoding="utf-8").replace(FIGURE, "    value: 4650000000\n"))
    state = events.ready(first["version"]["id"])
    text = page_text(server, state["version"]["id"], len(state["version"]["pages"]))
    assert "46.5亿元" in text and "46.3亿元" not in text


def test_a_broken_file_keeps_the_last_good_pages_until_it_is_fixed(server, sample, capsys):
    events = Events(server)
    good = events.ready()
    text = sample.read_text(encoding="utf-8")
    save(sample, text.replace(FIGURE, "    value: 46.3亿\n"))
    broken = events.until(lambda s: s["status"] == "broken")
    main(["check", "data/qiantang.yaml"])
    said = capsys.readouterr().err
    problem = next(p for p in broken["problems"] if p["severity"] == "error")
    assert problem["where"] == f"data/qiantang.yaml:{FIGURE_LINE}:12" and f"{problem['where']}: " in said
    assert problem["message"] in said
    assert problem["excerpt"]["line"] == FIGURE_LINE and "    value: 46.3亿" in problem["excerpt"]["lines"]
    assert broken["version"]["id"] == good["version"]["id"] and not broken["version"]["current"]
    save(sample, text.replace(FIGURE, "    value: 4660000000\n"))
    fixed = events.ready(good["version"]["id"])
    assert "46.6亿元" in page_text(server, fixed["version"]["id"], len(fixed["version"]["pages"]))
    assert not any(p["severity"] == "error" for p in fixed["problems"])


def test_yaml_in_a_problem_is_sent_as_text_for_the_page_to_show_as_text(server, sample):
    events = Events(server)
    events.ready()
    save(sample, sample.read_text(encoding="utf-8").replace(FIGURE, "    value: <img src=x onerror=alert(1)>\n"))
    broken = events.until(lambda s: s["status"] == "broken")
    problem = next(p for p in broken["problems"] if p["severity"] == "error")
    assert "    value: <img src=x onerror=alert(1)>" in problem["excerpt"]["lines"]
    app = (ROOT / "briefing" / "serve" / "static" / "app.js").read_text(encoding="utf-8")
    assert "innerHTML" not in app and "insertAdjacentHTML" not in app  # the page sets text, never markup


def test_a_hostile_file_is_refused_by_the_loader_and_the_server_carries_on(server, sample):
    events = Events(server)
    good = events.ready()
    text = sample.read_text(encoding="utf-8")
    n = 600
    bomb = ("x-text: &t {zh: 哈, en: ha}\n"
            "x-item: &i {id: item, name: *t, highlights: [" + ", ".join(["*t"] * n) + "]}\n"
            "x-section: &s {id: more, title: *t, summary: *t, items: [" + ", ".join(["*i"] * n) + "]}\n")
    save(sample, bomb + MINIMAL + "sections: [" + ", ".join(["*s"] * n) + "]\n")
    broken = events.until(lambda s: s["status"] == "broken", timeout=90)
    assert any("too large" in p["message"] for p in broken["problems"])
    save(sample, "x" * (6 * 1024 * 1024))
    huge = events.until(lambda s: s["status"] == "broken" and any("limited to" in p["message"]
                                                                   for p in s["problems"]))
    assert huge["problems"][0]["excerpt"] is None
    save(sample, text.replace(FIGURE, "    value: 4670000000\n"))
    fixed = events.ready(good["version"]["id"])
    assert "46.7亿元" in page_text(server, fixed["version"]["id"], len(fixed["version"]["pages"]))


def test_a_save_during_a_rebuild_cancels_it(server, sample, monkeypatch):
    events = Events(server)
    first = events.ready()
    text = sample.read_text(encoding="utf-8")
    real = pipeline.render_view
    cancelled, calls = [], []
    session = server.session

    def render_view(checked, lang, fmt, folder, checkpoint):
        calls.append(lang)
        if len(calls) == 1:  # the rebuild of the first save: a second save arrives while it runs
            before = session.revision
            save(sample, text.replace(FIGURE, "    value: 4690000000\n"))
            with session.cond:
                assert session.cond.wait_for(lambda: session.revision != before, 30)
        try:
            return real(checked, lang, fmt, folder, checkpoint)
        except pipeline.Cancelled:
            cancelled.append(len(calls))
            raise

    monkeypatch.setattr(session_module.pipeline, "render_view", render_view)
    save(sample, text.replace(FIGURE, "    value: 4680000000\n"))
    state = events.ready(first["version"]["id"])
    assert cancelled == [1]
    shown = page_text(server, state["version"]["id"], len(state["version"]["pages"]))
    assert "46.9亿元" in shown and "46.8亿元" not in shown


def test_two_servers_run_at_once_on_their_own_ports(sample):
    edition = sample.parent / "editions" / "japan-2023-06.yaml"
    one, two = start(sample), start(edition)
    try:
        assert one.port != two.port
        a, b = Events(one).ready(), Events(two).ready()
        assert a["file"] == "data/qiantang.yaml" and b["file"] == "data/editions/japan-2023-06.yaml"
        assert "日本企业代表团" in page_text(two, b["version"]["id"], len(b["version"]["pages"]))
        assert "日本企业代表团" not in page_text(one, a["version"]["id"], len(a["version"]["pages"]))
    finally:
        one.close()
        two.close()


def test_the_command_prints_its_address_and_refuses_a_taken_port(sample):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        cmd = [sys.executable, "-m", "briefing", "serve", "data/qiantang.yaml"]
        done = subprocess.run(cmd + ["--port", str(taken.getsockname()[1])], cwd=sample.parent.parent, env=env,
                              capture_output=True, text=True, timeout=60, check=False)
        assert done.returncode == 2 and "cannot listen on 127.0.0.1" in done.stderr and "--port" in done.stderr
        proc = subprocess.Popen(cmd, cwd=sample.parent.parent, env=env, stdout=subprocess.PIPE, text=True)
        try:
            line = proc.stdout.readline()
            assert line.startswith("Previewing data/qiantang.yaml at http://127.0.0.1:")
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    finally:
        taken.close()


def test_an_unknown_language_is_refused_before_serving(sample, capsys):
    assert main(["serve", "data/qiantang.yaml", "--lang", "fr"]) == 2
    assert "unknown language 'fr'" in capsys.readouterr().err


@pytest.mark.skipif(not pipeline.soffice(), reason="the Word view needs LibreOffice (soffice)")
def test_the_word_view_is_the_word_file_as_libreoffice_sets_it(server):
    events = Events(server, "en", "docx")
    state = events.ready(timeout=150)
    assert state["format"] == "docx" and state["word"]
    vid = state["version"]["id"]
    assert "Hangzhou Qiantang New Area" in page_text(server, vid, len(state["version"]["pages"]))
    status, headers, body = request(server, "GET", f"/file/{vid}")
    assert status == 200 and body.startswith(b"PK") and "wordprocessingml" in headers["Content-Type"]


def test_saving_the_brand_or_its_logo_rebuilds_the_pages(sample):
    brand = sample.parent.parent / "brand"
    shutil.copytree(ROOT / "templates" / "qiantang", brand)
    srv = start(sample, brand=str(brand / "_brand.yml"))
    try:
        events = Events(srv)
        first = events.ready()
        text = (brand / "_brand.yml").read_text(encoding="utf-8")
        save(brand / "_brand.yml", text.replace("primary: river-blue", "primary: rivr-blue"))
        broken = events.until(lambda s: s["status"] == "broken")
        problem = next(p for p in broken["problems"] if p["severity"] == "error")
        assert problem["where"].startswith("brand/_brand.yml:") and "not in the palette" in problem["message"]
        assert problem["excerpt"] and "  primary: rivr-blue" in problem["excerpt"]["lines"]
        save(brand / "_brand.yml", text.replace('river-blue: "#0B4F8A"', 'river-blue: "#7A1F3D"'))
        second = events.ready(first["version"]["id"])
        logo = (brand / "logo.png").read_bytes()
        (brand / "logo.png").write_bytes(logo)  # saved again, the same picture: the page is rebuilt all the same
        events.ready(second["version"]["id"])
    finally:
        srv.close()


def test_a_file_that_is_not_there_is_refused_before_serving(sample, capsys):
    assert main(["serve", "data/qiantng.yaml"]) == 2
    assert "error: no file data/qiantng.yaml" in capsys.readouterr().err


def test_another_host_is_warned_about_and_a_stop_removes_the_previews_files(sample, monkeypatch):
    from briefing.serve import server as server_module

    made = []
    monkeypatch.setattr(server_module, "is_loopback", lambda host: False)  # as for --host 0.0.0.0, bound here

    def stop_at_once(self, poll_interval=0.5):
        made.append(self.session.workdir)
        raise KeyboardInterrupt

    monkeypatch.setattr(server_module.PreviewServer, "serve_forever", stop_at_once)
    out, err = io.StringIO(), io.StringIO()
    assert server_module.serve(sample, langs=None, formats=("pdf", "docx"), brand=None, host="127.0.0.1", port=None,
                               out=sample.parent.parent / "output", max_age=12, out_stream=out, err_stream=err) == 0
    assert err.getvalue().startswith("warning: serving on 127.0.0.1, not only this computer")
    assert "Previewing data/qiantang.yaml at http://127.0.0.1:" in out.getvalue() and "stopped" in out.getvalue()
    assert made and not made[0].exists()
