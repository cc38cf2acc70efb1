"""build --all: every region and edition, in parallel, skipping what is up to date."""
from __future__ import annotations

import os
import shutil
import time

import pytest

from briefing.cli import main
from conftest import ROOT


@pytest.fixture
def project(in_tmp):
    shutil.copytree(ROOT / "data", in_tmp / "data")
    return in_tmp


def built(project):
    return sorted(p.name for p in (project / "output").iterdir() if not p.name.startswith("."))


@pytest.mark.timeout(180)
def test_all_builds_every_region_and_edition_and_reports_a_failure(project, capsys):
    bad = project / "data" / "editions" / "broken.yaml"
    bad.write_text("format: 1\nedition:\n  id: broken\n  region: ../qiantang.yaml\n  audience: {zh: 甲, en: A}\n"
                   "  date: 2023-06-01\n  sections: [key_figures, nowhere]\n", encoding="utf-8")
    assert main(["build", "--all", "--format", "pdf", "--jobs", "2"]) == 1
    out = capsys.readouterr().out
    names = built(project)
    for stem in ("qiantang", "qiantang-japan-2023-06", "qiantang-europe-life-sciences-2023-09"):
        assert f"{stem}-zh.pdf" in names and f"{stem}-en.pdf" in names
    assert "broken" not in " ".join(names)
    assert "failed 1" in out and "broken.yaml" in out and "nowhere" in out
    assert "built 6 files" in out


@pytest.mark.timeout(180)
def test_up_to_date_outputs_are_skipped_until_an_input_changes(project, capsys):
    args = ["build", "--all", "--format", "pdf", "--lang", "en", "--jobs", "1"]
    assert main(args) == 0
    assert "built 3 files, skipped 0" in capsys.readouterr().out
    assert main(args) == 0
    assert "built 0 files, skipped 3" in capsys.readouterr().out
    edition = project / "data" / "editions" / "japan-2023-06.yaml"
    later = time.time() + 5
    os.utime(edition, (later, later))  # the Japanese edition changed: only it is rebuilt
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "built 1 file, skipped 2" in out and "wrote output/qiantang-japan-2023-06-en.pdf" in out
    region = project / "data" / "qiantang.yaml"
    later += 5
    os.utime(region, (later, later))  # the region changed: everything that uses it is rebuilt
    assert main(args) == 0
    assert "built 3 files, skipped 0" in capsys.readouterr().out
    assert main(args + ["--force"]) == 0
    assert "built 3 files, skipped 0" in capsys.readouterr().out


def test_all_and_files_together_is_a_usage_error(project, capsys):
    assert main(["build", "--all", "data/qiantang.yaml"]) == 2
    assert "either FILEs or --all" in capsys.readouterr().err


class _Terminal:
    def __init__(self):
        self.text = ""

    def isatty(self):
        return True

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def test_a_terminal_gets_a_progress_bar_and_failures_on_their_own_line(tmp_path):
    from briefing.build.batch import Progress, Result

    screen = _Terminal()
    progress = Progress(3, screen)
    progress.update(Result(tmp_path / "a.pdf", True, "3 pages, 10 KB"))
    progress.update(Result(tmp_path / "b.pdf", False, "b.yaml:3:1: broken"))
    progress.update(Result(tmp_path / "c.pdf", True, "up to date", skipped=True))
    assert "\r\x1b[K[##########....................] 1/3 a.pdf" in screen.text
    assert "FAILED " in screen.text and "b.yaml:3:1: broken" in screen.text
    assert screen.text.endswith("3/3 c.pdf\n")
