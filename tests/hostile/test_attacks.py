"""Found by attacking the tool beyond the issue's list: clashing ids, output names that are links, huge keys,
temporaries that are links, palette values that are not numbers."""
from __future__ import annotations

import os
import shutil

import pytest

from briefing.cli import main
from hostile_run import MINIMAL, ROOT, clean, cli, project, snapshot

pytestmark = pytest.mark.timeout(240)


def test_two_files_with_the_same_id_are_refused_before_either_overwrites_the_other(tmp_path):
    root = project(tmp_path, "alpha")
    shutil.copy(root / "data" / "alpha.yaml", root / "data" / "copy.yaml")
    for args in (["build", "data/alpha.yaml", "data/copy.yaml"], ["build", "--all"]):
        run = cli(*args, cwd=root)
        assert run.returncode == 2 and clean(run.stderr) and "have the same id" in run.stderr, run.stderr
        assert not (root / "output").exists()


def test_a_file_named_twice_is_built_once(tmp_path):
    root = project(tmp_path, "alpha")
    run = cli("build", "data/alpha.yaml", "data/alpha.yaml", cwd=root)
    assert run.returncode == 0 and "built 4 files" in run.stdout, run.stdout + run.stderr


def test_an_output_that_is_a_link_is_replaced_never_written_through(tmp_path, capsys):
    region = tmp_path / "region.yaml"
    region.write_text(MINIMAL, encoding="utf-8")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(victim, out / "minimal-zh.pdf")
    assert main(["build", str(region), "--out", str(out)]) == 0
    assert victim.read_text() == "precious"
    assert not (out / "minimal-zh.pdf").is_symlink()


def test_a_planted_temporary_link_is_removed_not_followed(tmp_path):
    root = project(tmp_path, "alpha")
    out = root / "output"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    os.symlink(victim, out / ".briefing-tmp-999999-0123abcd-alpha-zh.pdf")  # pid 999999: not running
    assert cli("build", "data/alpha.yaml", cwd=root).returncode == 0
    assert victim.read_text() == "precious"
    assert not (out / ".briefing-tmp-999999-0123abcd-alpha-zh.pdf").is_symlink()


def test_a_megabyte_key_gives_one_short_message(tmp_path):
    path = tmp_path / "region.yaml"
    path.write_text(MINIMAL + "k" * (1024 * 1024) + ": 1\n", encoding="utf-8")
    run = cli("check", str(path))
    assert run.returncode == 1 and clean(run.stderr) and len(run.stderr) < 1500, run.stderr[:2000]


@pytest.mark.parametrize("cmyk", ["[.nan, 0, 0, 0]", "[1e400, 0, 0, 0]", "[-0, 0, 0, 101]", "[a, b, c, d]"])
def test_cmyk_values_that_are_not_percentages_are_refused(tmp_path, capsys, cmyk):
    brand = tmp_path / "brand"
    shutil.copytree(ROOT / "templates" / "qiantang", brand)
    text = (brand / "_brand.yml").read_text(encoding="utf-8")
    (brand / "_brand.yml").write_text(text.replace("river-blue: [92, 52, 0, 40]", f"river-blue: {cmyk}"),
                                      encoding="utf-8")
    region = tmp_path / "region.yaml"
    region.write_text(MINIMAL, encoding="utf-8")
    before = snapshot(tmp_path / "out")
    status = main(["build", str(region), "--brand", str(brand), "--out", str(tmp_path / "out"), "--print"])
    err = capsys.readouterr().err
    assert status == 1 and clean(err) and "color.cmyk.river-blue" in err, err
    assert snapshot(tmp_path / "out") == before


def test_a_line_separator_in_a_comment_is_reported_at_the_editors_line(tmp_path):
    path = tmp_path / "region.yaml"
    path.write_text("format: 1\n# a note \u2028 with a separator\n" + MINIMAL.split("\n", 1)[1], encoding="utf-8")
    run = cli("check", str(path))
    assert run.returncode == 1 and "region.yaml:2:10: " in run.stderr and "U+2028" in run.stderr, run.stderr


def test_a_merge_key_gives_one_message(tmp_path):
    text = MINIMAL.replace("region:\n", "x-base: &b {zh: 甲, en: A}\nregion:\n", 1).replace(
        "  name: {zh: 示例新区, en: Example New Area}", "  name: {<<: *b}", 1)
    path = tmp_path / "region.yaml"
    path.write_text(text, encoding="utf-8")
    run = cli("check", str(path))
    lines = [line for line in run.stderr.splitlines() if "region.name" in line]
    assert run.returncode == 1 and len(lines) == 1 and "merge keys" in lines[0], run.stderr


@pytest.mark.parametrize("make, words", [(lambda d: os.mkfifo(d / "_brand.yml"), "is a named pipe"),
                                         (lambda d: os.symlink("/dev/zero", d / "_brand.yml"), "is a device")])
def test_a_brand_file_that_is_not_a_file_is_named_as_such(tmp_path, make, words):
    brand = tmp_path / "brand"
    brand.mkdir()
    make(brand)
    run = cli("build", "--brand", str(brand), "--out", str(tmp_path / "out"))
    assert run.returncode == 2 and clean(run.stderr) and words in run.stderr, run.stderr
