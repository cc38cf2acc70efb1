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
