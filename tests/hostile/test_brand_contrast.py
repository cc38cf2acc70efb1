"""A brand whose text colours cannot be read on the ground they are set on is refused at its _brand.yml
location, before anything is written (thresholds in briefing/brand/contrast.py: WCAG 2 contrast ratios)."""
from __future__ import annotations

import re
import shutil

import pytest

from briefing.brand import load_brand
from briefing.brand.contrast import ratio
from briefing.cli import main
from hostile_run import MINIMAL, ROOT, clean, snapshot

pytestmark = pytest.mark.timeout(300)


def test_the_contrast_ratio_is_wcag_s():
    assert ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert ratio("#1E2A36", "#1E2A36") == 1.0


def test_the_shipped_brands_pass():
    for name in ("qiantang", "ink"):
        load_brand(name)


@pytest.mark.parametrize("old, new, role, words", [
    ("  foreground: ink\n", "  foreground: white\n", "color.foreground", "1.0:1 (the same colour)"),
    ("  foreground: ink\n", '  foreground: "#9AA0A6"\n', "color.foreground", "are read only from 4.5:1"),
    ("  background: white\n", "  background: ink\n", "color.background", "neither the PDF nor the Word file paints"),
    ("  muted: slate\n", "  muted: mist\n", "color.muted", "captions"),
    ("  primary: river-blue\n", '  primary: "#F0F0F0"\n', "color.primary", "contrast of"),
    ("  accent: sunrise\n", "  accent: white\n", "color.accent", "changes"),
])
def test_a_brand_whose_text_cannot_be_read_is_refused_and_nothing_changes(tmp_path, capsys, old, new, role, words):
    region = tmp_path / "region.yaml"
    region.write_text(MINIMAL, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(region), "--out", str(out), "--format", "pdf", "--lang", "en"]) == 0
    before = snapshot(out)
    brand = tmp_path / "brand"
    shutil.copytree(ROOT / "templates" / "qiantang", brand)
    yml = brand / "_brand.yml"
    text = yml.read_text(encoding="utf-8")
    assert text.count(old) == 1
    yml.write_text(text.replace(old, new), encoding="utf-8")
    capsys.readouterr()
    status = main(["build", str(region), "--out", str(out), "--brand", str(brand), "--format", "pdf", "--lang", "en"])
    err = capsys.readouterr().err
    assert status == 1 and clean(err), err
    assert re.search(rf"_brand\.yml:\d+:\d+: {re.escape(role)}: is #[0-9A-Fa-f]{{6}}[,;] .*{re.escape(words)}", err), err
    assert snapshot(out) == before
