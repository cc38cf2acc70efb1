"""Version 0.1 left `.NAME.XXXXXXXX.tmp` beside its outputs when killed: a build that writes NAME removes
those of NAME that are surely such leftovers, and nothing else (briefing/build/atomic.py: remove_legacy)."""
from __future__ import annotations

import os
import time

import pytest

from briefing.cli import main
from hostile_run import MINIMAL

pytestmark = pytest.mark.timeout(300)
OLD = time.time() - 3600


def _leftover(folder, name, data=b"%PDF-1.4\n%partial", mode=0o600, age=OLD):
    path = folder / name
    path.write_bytes(data)
    os.chmod(path, mode)
    os.utime(path, (age, age))
    return path


def test_a_build_removes_what_version_0_1_left_of_its_outputs_and_nothing_else(tmp_path, capsys):
    region = tmp_path / "region.yaml"
    region.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    gone = [
        _leftover(out, ".minimal-en.pdf.k3j_x9a2.tmp"),
        _leftover(out, ".minimal-en.pdf.aaaaaaaa.tmp", data=b""),  # killed before a byte was written
        _leftover(out, ".minimal-en.docx.0abc_def.tmp", data=b"PK\x03\x04rest"),
    ]
    kept = [
        _leftover(out, ".minimal-en.pdf.abc.tmp"),  # not mkstemp's eight characters
        _leftover(out, ".minimal-en.pdf.ABCDEFGH.tmp"),  # mkstemp writes lower case
        _leftover(out, ".minimal-en.pdf.abcdefgh.tmp.bak"),
        _leftover(out, ".minimal-zh.pdf.abcdefgh.tmp"),  # an output this build does not write (--lang en)
        _leftover(out, ".minimal-en.pdf.fresh123.tmp", age=time.time()),  # maybe still being written
        _leftover(out, ".minimal-en.pdf.public12.tmp", mode=0o644),  # not mkstemp's mode
        _leftover(out, ".minimal-en.pdf.notapdf1.tmp", data=b"my notes"),  # not a PDF: not ours
        _leftover(out, "minimal-en.pdf.abcdefgh.tmp"),  # no leading dot
        _leftover(out, ".other.pdf.abcdefgh.tmp"),
    ]
    target = _leftover(tmp_path, "precious.txt", data=b"keep me")
    link = out / ".minimal-en.pdf.symlink1.tmp"
    link.symlink_to(target)
    folder = out / ".minimal-en.pdf.folder12.tmp"
    folder.mkdir()
    fifo = out / ".minimal-en.pdf.fifo1234.tmp"
    os.mkfifo(fifo, 0o600)
    os.utime(fifo, (OLD, OLD), follow_symlinks=False)
    assert main(["build", str(region), "--out", str(out), "--lang", "en"]) == 0
    capsys.readouterr()
    assert [p.name for p in gone if p.exists()] == []
    assert [p.name for p in kept if not p.exists()] == []
    assert link.is_symlink() and target.read_bytes() == b"keep me" and folder.is_dir() and fifo.exists()
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == \
        ["minimal-en.docx", "minimal-en.pdf", "minimal-en.pdf.abcdefgh.tmp"]


def test_a_refused_build_leaves_even_the_leftovers(tmp_path, capsys):
    region = tmp_path / "region.yaml"
    region.write_text(MINIMAL.replace("value: 1600", "value: 0050"), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    old = _leftover(out, ".minimal-en.pdf.k3j_x9a2.tmp")
    assert main(["build", str(region), "--out", str(out), "--lang", "en"]) == 1
    capsys.readouterr()
    assert old.exists()
