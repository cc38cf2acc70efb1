"""No "internal error" for any input: what a library would choke on is refused where the data is known,
with its location (brand geometry, figures beyond print, dates beyond the calendar, QR codes too dense)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.cli import main
from conftest import edit_minimal
from hostile_run import MINIMAL, ROOT, clean, snapshot

pytestmark = pytest.mark.timeout(300)


def _brand(tmp_path: Path, text: str) -> Path:
    brand = tmp_path / "brand"
    brand.mkdir()
    (brand / "_brand.yml").write_text(text, encoding="utf-8")
    return brand


@pytest.mark.parametrize("text, where, words", [
    ("page:\n  margins: {left: 120mm, right: 100mm}\n", "page.margins.left", "text area"),
    ("page:\n  margins: {top: 150mm, bottom: 150mm}\n", "page.margins.top", "text area"),
    ("page:\n  size: A4\n  margins: {left: 65mm, right: 65mm}\n", "page.margins.left", "at least 80 mm"),
    ("typography:\n  base: {size: 0}\n", "typography.base.size", "base size"),
    ("typography:\n  base: {size: 500pt}\n", "typography.base.size", "base size"),
    ("typography:\n  base: {size: " + "9" * 5001 + "}\n", "typography.base.size", ""),
    ("typography:\n  base: {line-height: 1000}\n", "typography.base.line-height", "line height"),
])
def test_brand_geometry_that_leaves_no_room_is_refused_up_front(tmp_path, capsys, text, where, words):
    region = tmp_path / "region.yaml"
    region.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(region), "--out", str(out)]) == 0
    before = snapshot(out)
    capsys.readouterr()
    status = main(["build", str(region), "--out", str(out), "--brand", str(_brand(tmp_path, text))])
    err = capsys.readouterr().err
    assert status == 1 and clean(err), err
    assert re.search(r"_brand\.yml:\d+:\d+: " + re.escape(where) + ": ", err) and words in err, err
    assert snapshot(out) == before


@pytest.mark.parametrize("old, new, where", [
    ("value: 4630000000", "value: 1e38", "key_figures[0].value"),
    ("value: 4630000000", "value: " + "7" * 5001, "key_figures[0].value"),
    ("value: 71.5", "value: 1e300", "key_figures[0].change.value"),
    ("as_of: 2023-05", "as_of: 9999-12", "as_of"),
])
def test_values_beyond_print_are_refused_not_crashed_on(tmp_path, capsys, old, new, where):
    path = tmp_path / "region.yaml"
    path.write_text(edit_minimal(old, new), encoding="utf-8")
    status = main(["build", str(path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 1 and clean(err) and re.search(r"region\.yaml:\d+:\d+: " + re.escape(where), err), err
    assert len(err) < 2000


def test_a_portal_too_long_for_a_qr_code_is_refused(tmp_path, capsys):
    portal = (ROOT / "tests" / "fixtures" / "portal.yaml").read_text(encoding="utf-8")
    url = re.search(r"portal: (\S+)", portal).group(1)
    path = tmp_path / "region.yaml"
    path.write_text(portal.replace(url, url + "?" + "a" * 3000), encoding="utf-8")
    status = main(["build", str(path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 1 and clean(err) and "region.portal" in err and "QR code" in err, err


def test_a_region_id_too_long_for_a_file_name_is_refused(tmp_path, capsys):
    path = tmp_path / "region.yaml"
    path.write_text(MINIMAL.replace("id: minimal", "id: " + "a" * 300, 1), encoding="utf-8")
    status = main(["build", str(path), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert status == 1 and clean(err), err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
