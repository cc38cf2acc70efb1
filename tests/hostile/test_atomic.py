"""A build writes every output it was asked for or changes nothing; a killed build leaves no temporary file.

Each test builds once, records the output folder byte for byte, then makes the
next build fail (a renderer that raises, a signal, a dead worker, a full disk)
and asserts the folder is exactly as it was.
"""
from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing.cli import main
from hostile_run import ROOT, MINIMAL, clean, cli, popen, project, snapshot, temporaries

pytestmark = pytest.mark.timeout(300)


def _region(tmp_path: Path) -> Path:
    path = tmp_path / "region.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    return path


@pytest.mark.parametrize("failing", ["docx", "pdf"])
def test_a_renderer_that_fails_leaves_every_previous_output(tmp_path, capsys, monkeypatch, failing):
    region, out = _region(tmp_path), tmp_path / "out"
    assert main(["build", str(region), "--out", str(out)]) == 0
    before = snapshot(out)
    assert len(before) == 4
    region.write_text(MINIMAL.replace("示例新区", "改过的新区"), encoding="utf-8")  # the next build would differ
    import importlib

    module = importlib.import_module(f"briefing.render.{failing}")

    def broken(doc, brand, path):
        Path(path).write_bytes(b"half a file")
        raise RuntimeError("the renderer broke")

    monkeypatch.setattr(module, "render", broken)
    capsys.readouterr()
    assert main(["build", str(region), "--out", str(out)]) == 1
    assert snapshot(out) == before
    assert temporaries(out) == []


def test_a_logo_that_breaks_word_changes_nothing(tmp_path):
    """The first round's case: a CMYK JPEG named logo.png; now refused up front, and nothing changes."""
    from PIL import Image

    root = project(tmp_path, "alpha", brand=True)
    out = root / "output"
    assert cli("build", "data/alpha.yaml", "--brand", "brand", cwd=root).returncode == 0
    before = snapshot(out)
    Image.new("CMYK", (200, 80), (0, 80, 80, 0)).save(root / "brand" / "logo.png", "JPEG")
    run = cli("build", "data/alpha.yaml", "--brand", "brand", cwd=root)
    assert run.returncode == 1 and clean(run.stderr), run.stderr
    assert "logo.png" in run.stderr and "JPEG" in run.stderr, run.stderr
    assert snapshot(out) == before


def _wait_for_temporary(folder: Path, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(n.startswith(".briefing-tmp-") for n in temporaries(folder)):
            return
        if process.poll() is not None:
            pytest.fail("the build ended before it wrote a temporary file: " + process.stderr.read())
        time.sleep(0.005)
    pytest.fail("no temporary file appeared")


@pytest.mark.parametrize("signum, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_during_a_build_stops_it_cleanly(tmp_path, signum, status):
    root = project(tmp_path, "alpha")
    out = root / "output"
    assert cli("build", "data/alpha.yaml", cwd=root).returncode == 0
    before = snapshot(out)
    (root / "data" / "alpha.yaml").write_text(MINIMAL.replace("id: minimal", "id: alpha", 1)
                                              .replace("示例新区", "改过的新区"), encoding="utf-8")
    process = popen("build", "data/alpha.yaml", "--print", "--preview", cwd=root)
    _wait_for_temporary(out, process)
    os.killpg(process.pid, signum)  # the whole group, as a terminal's Ctrl-C does
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == status, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr, stderr
    assert temporaries(out) == []
    assert snapshot(out) == before


def test_the_next_build_removes_a_killed_builds_temporaries_and_no_other_file(tmp_path):
    root = project(tmp_path, "alpha")
    out = root / "output"
    out.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = out / f".briefing-tmp-{dead.pid}-0123abcd-alpha-zh.pdf"
    alive = out / f".briefing-tmp-{os.getpid()}-0123abcd-alpha-zh.pdf"  # a build still running (this process)
    others = [out / ".alpha-zh.pdf.k2j3.tmp", out / ".briefing-tmp-notes", out / "keep.txt"]
    for path in [stale, alive, *others]:
        path.write_bytes(b"x")
    assert cli("build", "data/alpha.yaml", cwd=root).returncode == 0
    assert not stale.exists()
    assert alive.exists() and all(p.exists() for p in others)


def test_sigkill_then_next_build_leaves_no_temporary(tmp_path):
    root = project(tmp_path, "alpha")
    out = root / "output"
    process = popen("build", "data/alpha.yaml", cwd=root)
    _wait_for_temporary(out, process)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    time.sleep(0.2)  # the killed workers are reaped by init
    run = cli("build", "data/alpha.yaml", cwd=root)
    assert run.returncode == 0, run.stderr
    assert temporaries(out) == []


def _deadly(source, lang, fmt, path, *rest):
    """batch._work, except that the worker building beta-zh.docx dies (a module function: workers unpickle it)."""
    if path.endswith("beta-zh.docx"):
        os._exit(9)
    return _REAL_WORK(source, lang, fmt, path, *rest)


def _real_work():
    from briefing.build import batch

    return batch._work


_REAL_WORK = _real_work()


def test_a_worker_that_dies_in_a_batch_fails_only_its_file(tmp_path, monkeypatch, capsys):
    """The worker building beta-zh.docx kills itself; everything else is built and the summary says so."""
    root = project(tmp_path, "alpha", "beta")
    monkeypatch.chdir(root)
    from briefing.build import batch

    monkeypatch.setattr(batch, "_work", _deadly)
    status = main(["build", "--all", "--jobs", "2"])
    out = capsys.readouterr().out
    assert status == 1
    assert "built 4 files" in out and "failed 4" in out, out
    assert "beta-zh.docx: the process building it stopped" in out, out
    assert sorted(p.name for p in (root / "output").iterdir()) == [
        "alpha-en.docx", "alpha-en.pdf", "alpha-zh.docx", "alpha-zh.pdf"]


def test_a_process_of_a_build_that_dies_changes_nothing(tmp_path, monkeypatch, capsys):
    """The process writing the Word files kills itself: the build says so, and the folder is as it was."""
    if not hasattr(os, "fork") or (os.cpu_count() or 1) < 2:
        pytest.skip("a build forks one process per format only on a machine with two cores")
    root = project(tmp_path, "alpha")
    monkeypatch.chdir(root)
    assert main(["build", "data/alpha.yaml"]) == 0
    before = snapshot(root / "output")
    import briefing.cli as cli_module

    real = cli_module._build_one

    def deadly(index):
        if cli_module._JOBS[0][index].fmt == "docx":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(index)

    monkeypatch.setattr(cli_module, "_build_one", deadly)
    capsys.readouterr()
    assert main(["build", "data/alpha.yaml"]) == 1
    err = capsys.readouterr().err
    assert "a process building the files stopped (killed, or out of memory); nothing was written" in err, err
    assert temporaries(root / "output") == []
    assert snapshot(root / "output") == before


def _no_big_files():
    resource.setrlimit(resource.RLIMIT_FSIZE, (2000, 2000))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def test_new_on_a_full_disk_leaves_nothing_and_can_be_run_again(tmp_path):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    run = subprocess.run([sys.executable, "-m", "briefing", "new", "harbour"], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120, preexec_fn=_no_big_files)
    assert run.returncode == 1 and clean(run.stderr), run.stderr
    assert "nothing was written" in run.stderr
    assert list((tmp_path / "data").iterdir()) == []
    again = cli("new", "harbour", cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "data" / "harbour.yaml").stat().st_size > 2000


def test_out_naming_a_file_is_refused_plainly(tmp_path, capsys):
    region = _region(tmp_path)
    (tmp_path / "a-file").write_text("mine")
    assert main(["build", str(region), "--out", str(tmp_path / "a-file")]) == 1
    err = capsys.readouterr().err
    assert "is a file, not a folder" in err and "File exists" not in err, err
    assert (tmp_path / "a-file").read_text() == "mine"


@pytest.mark.parametrize("signum, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_during_a_batch_stops_it_cleanly(tmp_path, signum, status):
    root = project(tmp_path, "alpha", "beta", "gamma")
    out = root / "output"
    process = popen("build", "--all", "--jobs", "2", "--print", cwd=root)
    _wait_for_temporary(out, process)
    os.killpg(process.pid, signum)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == status, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr, stderr
    time.sleep(0.5)  # workers terminated by the parent are gone
    assert [n for n in temporaries(out) if n.startswith(".briefing-tmp-")] == []
