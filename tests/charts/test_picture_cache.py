"""The Word pictures' cache (charts/raster.py): a drawing is rasterised once, then read back; never a wrong picture."""
from __future__ import annotations

import hashlib
import os
import stat

import pytest
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib.colors import HexColor

from briefing import fonts
from briefing.charts import raster
from briefing.fonts import cache


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    return tmp_path / "xdg" / "briefing" / "pictures"


def drawing(colour: str = "#1F4E79", text: str = "46.3") -> Drawing:
    d = Drawing(120, 40)
    d.initialFontName = fonts.register("sans")
    d.add(Rect(0, 0, 60, 40, fillColor=HexColor(colour), strokeColor=None))
    d.add(String(64, 14, text, fontName=fonts.register("sans"), fontSize=12))
    return d


def drawn(monkeypatch) -> list:
    """Count the rasterisations (PDFium's renders) from now on."""
    calls = []
    real = raster._render
    monkeypatch.setattr(raster, "_render", lambda *a: calls.append(a) or real(*a))
    return calls


def test_a_picture_is_rasterised_once_then_read_from_the_cache(folder, monkeypatch):
    calls = drawn(monkeypatch)
    first = raster.rasterize(drawing(), 100)
    assert first.startswith(b"\x89PNG") and len(calls) == 1
    [entry] = list(folder.iterdir())
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600 and stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert raster.rasterize(drawing(), 100) == first  # another PDF of it (new dates and ID): the same entry
    assert len(calls) == 1


def test_what_the_picture_shows_and_its_resolution_make_their_own_entries(folder, monkeypatch):
    calls = drawn(monkeypatch)
    pictures = {raster.rasterize(drawing(), 100), raster.rasterize(drawing("#C00000"), 100),
                raster.rasterize(drawing(text="46.4"), 100), raster.rasterize(drawing(), 150)}
    assert len(pictures) == 4 and len(calls) == 4 and len(list(folder.iterdir())) == 4
    opaque = raster.picture(raster.renderPDF.drawToString(drawing()), 100, transparent=True)
    assert opaque not in pictures and len(calls) == 5


def test_a_damaged_entry_is_drawn_again(folder, monkeypatch):
    good = raster.rasterize(drawing(), 100)
    [entry] = list(folder.iterdir())
    blob = bytearray(entry.read_bytes())
    blob[-10] ^= 0xFF  # a changed picture no longer matches the checksum it is stored with
    entry.write_bytes(bytes(blob))
    calls = drawn(monkeypatch)
    assert raster.rasterize(drawing(), 100) == good and len(calls) == 1


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file modes")
def test_a_folder_others_may_write_is_not_read(folder, monkeypatch):
    good = raster.rasterize(drawing(), 100)
    [entry] = list(folder.iterdir())
    planted = raster.rasterize(drawing("#C00000"), 100)
    for other in folder.iterdir():
        if other != entry:
            other.unlink()
    entry.write_bytes(cache.MAGIC + hashlib.sha256(planted).digest() + planted)  # a wrong picture, intact
    assert raster.rasterize(drawing(), 100) == planted  # (in our own folder it would be believed)
    os.chmod(folder, 0o777)  # in a folder anyone could have written it into, it is not
    calls = drawn(monkeypatch)
    assert raster.rasterize(drawing(), 100) == good and len(calls) == 1


def test_no_cache_folder_still_draws(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "file"))
    (tmp_path / "file").write_text("not a folder")
    calls = drawn(monkeypatch)
    assert raster.rasterize(drawing(), 100).startswith(b"\x89PNG") and len(calls) == 1


def test_the_folder_keeps_its_newest_entries(folder):
    from briefing.fonts.cache import read_entry, write_entry

    for i in range(6):
        write_entry("pictures", f"{i}.png", b"x" * i, keep=4)
        os.utime(folder / f"{i}.png", ns=(i * 10**9, i * 10**9))
    assert sorted(p.name for p in folder.iterdir()) == ["2.png", "3.png", "4.png", "5.png"]
    assert read_entry("pictures", "5.png") == b"xxxxx" and read_entry("pictures", "0.png") is None
