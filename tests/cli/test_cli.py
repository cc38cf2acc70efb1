"""End to end: the command line on the real sample and on broken files."""
from __future__ import annotations

import os
import re
import shutil

import pytest
from pypdf import PdfReader

from briefing.cli import main
from conftest import FIXTURES, ROOT, SAMPLE


@pytest.fixture(scope="module")
def sample_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    assert main(["build", str(SAMPLE), "--out", str(out)]) == 0
    return out


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_build_writes_the_four_briefings(sample_build, capsys):
    names = sorted(p.name for p in sample_build.iterdir())
    assert names == ["qiantang-en.docx", "qiantang-en.pdf", "qiantang-zh.docx", "qiantang-zh.pdf"]


def test_both_pdfs_carry_the_key_figures(sample_build):
    zh = flat("".join(p.extract_text() for p in PdfReader(str(sample_build / "qiantang-zh.pdf")).pages))
    en = flat("".join(p.extract_text() for p in PdfReader(str(sample_build / "qiantang-en.pdf")).pages))
    for figure in ("46.3亿元", "同比增长71.5%", "1600余家", "1670万人次", "106亿元", "1004家"):
        assert figure in zh, figure
    for figure in ("RMB4.63billion", "up71.5%yearonyear", "over1,600", "16.7milliondepartures",
                   "RMB10.6billion", "1,004"):
        assert figure in en, figure
    assert "杭州钱塘新区" in zh and "HangzhouQiantangNewArea" in en


def test_build_prints_each_file_with_pages_size_and_time(tmp_path, capsys):
    assert main(["build", "--out", str(tmp_path), "--lang", "en", "--format", "pdf", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"wrote .*qiantang-en\.pdf \(\d+ pages, \d+(\.\d)? [KM]B\)", out)
    assert re.search(r"built 1 file in \d+\.\d\d s", out)


def test_build_without_arguments_builds_the_sample(in_tmp, capsys):
    shutil.copytree(ROOT / "data", in_tmp / "data")
    assert main(["build", "--format", "pdf", "--lang", "zh"]) == 0
    assert (in_tmp / "output" / "qiantang-zh.pdf").is_file()


def test_check_exit_codes(capsys):
    assert main(["check", str(SAMPLE)]) == 0
    assert main(["check", str(FIXTURES / "broken" / "typo.yaml")]) == 1
    err = capsys.readouterr().err
    assert "typo.yaml:11:3: region.sumary: unknown key 'sumary'; did you mean 'summary'?" in err
    assert "Traceback" not in err
    assert main(["check"]) == 2
    assert main(["frobnicate"]) == 2


def test_usage_errors_exit_2_with_a_hint(capsys):
    assert main(["build", "--lang", "fr", str(SAMPLE)]) == 2
    err = capsys.readouterr().err
    assert "unknown language 'fr'" in err and "hint: choose from: zh, en" in err
    assert main(["build", "--format", "odt", str(SAMPLE)]) == 2


def test_a_refused_file_writes_nothing_and_keeps_earlier_output(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    earlier = out / "typo-zh.pdf"
    earlier.write_bytes(b"%PDF earlier good output")
    assert main(["build", str(FIXTURES / "broken" / "typo.yaml"), "--out", str(out)]) == 1
    assert earlier.read_bytes() == b"%PDF earlier good output"
    assert sorted(os.listdir(out)) == ["typo-zh.pdf"]
    assert "nothing was written" in capsys.readouterr().err


def test_missing_glyphs_are_reported_with_their_path(tmp_path, capsys):
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "glyph.yaml"
    bad.write_text(text.replace("name: {zh: 生物医药, en: Biomedicine}", "name: {zh: 生物医药𠀀, en: Biomedicine 🧬}"),
                   encoding="utf-8")
    assert main(["check", str(bad)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"glyph\.yaml:\d+:\d+: industries\.clusters\[0\]\.name\.zh: the fonts have no glyph for '𠀀'", err)
    assert "industries.clusters[0].name.en" in err and "U+1F9EC" in err
    assert main(["build", str(bad), "--out", str(tmp_path / "o")]) == 1
    assert not (tmp_path / "o").exists()


def test_an_output_folder_that_cannot_be_written(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["build", str(SAMPLE), "--format", "pdf", "--lang", "zh", "--out", str(blocker / "out")]) == 1
    err = capsys.readouterr().err
    assert "cannot write" in err and "Traceback" not in err


def test_schema_is_json_schema(capsys):
    import json

    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "key_figures" in schema["required"]
    assert schema["properties"]["industries"]["properties"]["clusters"]["type"] == "array"


def test_python_dash_m_and_help():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "briefing", "build", "--help"], capture_output=True, text=True,
                            cwd=ROOT)
    assert result.returncode == 0 and "--lang" in result.stdout and "--format" in result.stdout


def test_poppler_sees_every_font_embedded_and_subset(sample_build):
    import shutil
    import subprocess

    if shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils (pdffonts) is not installed; CI installs it")
    for lang in ("zh", "en"):
        table = subprocess.run(["pdffonts", str(sample_build / f"qiantang-{lang}.pdf")], capture_output=True,
                               text=True, check=True).stdout.splitlines()[2:]
        assert table
        for row in table:
            name, emb, sub = row.split()[0], row.split()[-5], row.split()[-4]
            assert (emb, sub) == ("yes", "yes"), row
            assert re.match(r"[A-Z]{6}\+Noto", name), row
