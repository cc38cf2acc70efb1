"""--all treats every file a build reads as an input of its outputs: a changed logo, font, reference.docx,
brand file, region (of an edition) or a file added to the brand folder rebuilds."""
from __future__ import annotations

import os
import shutil
import time

import pytest

from hostile_run import ROOT, cli, project

pytestmark = pytest.mark.timeout(400)


def _later(path) -> None:
    """Give `path` a modification time after every output's."""
    future = time.time() + 60
    os.utime(path, (future, future))


@pytest.fixture
def built(tmp_path):
    root = project(tmp_path, "alpha", brand=True)
    shutil.copy(ROOT / "briefing" / "fonts" / "NotoSans-Regular.ttf", root / "brand" / "mine.ttf")
    with (root / "brand" / "_brand.yml").open("a", encoding="utf-8") as f:
        f.write("\n")
    text = (root / "brand" / "_brand.yml").read_text(encoding="utf-8")
    text = text.replace("typography:\n", "typography:\n  fonts:\n    - {key: mine, path: mine.ttf, family: Mine}\n", 1)
    text = text.replace("    latin: serif\n", "    latin: mine\n", 1)  # the body's Latin face: the brand's own file
    (root / "brand" / "_brand.yml").write_text(text, encoding="utf-8")
    (root / "data" / "editions").mkdir()
    (root / "data" / "editions" / "visit.yaml").write_text(
        "format: 1\nedition:\n  id: visit\n  region: ../alpha.yaml\n  audience: {zh: 甲, en: A}\n"
        "  date: 2023-06\n  sections: [industries]\n", encoding="utf-8")
    first = cli("build", "--all", "--brand", "brand", "--format", "pdf", cwd=root)
    assert first.returncode == 0, first.stdout + first.stderr
    again = cli("build", "--all", "--brand", "brand", "--format", "pdf", cwd=root)
    assert "skipped 4 up to date" in again.stdout, again.stdout
    return root


@pytest.mark.parametrize("change", ["brand/logo.png", "brand/mine.ttf", "brand/reference.docx", "brand/_brand.yml"])
def test_a_changed_brand_file_rebuilds_everything(built, change):
    _later(built / change)
    run = cli("build", "--all", "--brand", "brand", "--format", "pdf", cwd=built)
    assert "built 4 files, skipped 0" in run.stdout, run.stdout + run.stderr


def test_a_file_added_to_the_brand_folder_rebuilds(built):
    (built / "brand" / "reference.docx").unlink()
    cli("build", "--all", "--brand", "brand", "--format", "pdf", cwd=built)
    shutil.copy(ROOT / "templates" / "qiantang" / "reference.docx", built / "brand" / "reference.docx")
    _later(built / "brand")
    run = cli("build", "--all", "--brand", "brand", "--format", "pdf", cwd=built)
    assert "built 4 files, skipped 0" in run.stdout, run.stdout


def test_a_changed_region_rebuilds_its_editions(built):
    _later(built / "data" / "alpha.yaml")
    run = cli("build", "--all", "--brand", "brand", "--format", "pdf", cwd=built)
    assert "built 4 files, skipped 0" in run.stdout, run.stdout
    _later(built / "data" / "editions" / "visit.yaml")
    os.utime(built / "data" / "alpha.yaml", (time.time() - 60, time.time() - 60))
    run = cli("build", "--all", "--brand", "brand", "--format", "pdf", cwd=built)
    assert "built 2 files, skipped 2" in run.stdout, run.stdout
