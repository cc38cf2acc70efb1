"""A brand's raster logo is refused beyond MAX_PIXELS, from its header, with its size and the limit."""
from __future__ import annotations

import pytest
from PIL import Image, ImageFile

from briefing.brand import images, load_brand
from briefing.errors import ContentError


def brand_with_logo(folder, size):
    Image.new("RGB", size, (11, 79, 138)).save(folder / "logo.png")
    path = folder / "_brand.yml"
    path.write_text("logo:\n  images:\n    mark: {path: logo.png}\n", encoding="utf-8")
    return str(path)


def test_a_logo_over_the_pixel_limit_is_refused_with_its_location(tmp_path):
    with pytest.raises(ContentError) as info:
        load_brand(brand_with_logo(tmp_path, (3001, 3000)))
    [problem] = info.value.problems
    assert (problem.line, problem.column, problem.path) == (3, 18, "logo.images.mark.path")
    assert "3001 x 3000 pixels" in problem.message and "limited to 9 megapixels" in problem.message


def test_the_limit_is_on_pixels_not_on_either_side(tmp_path, monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 100 * 100)
    Image.new("RGB", (400, 25), "white").save(tmp_path / "wide.png")
    assert images.check_image(tmp_path / "wide.png", "b.yml") == []
    Image.new("RGB", (101, 100), "white").save(tmp_path / "big.png")
    [problem] = images.check_image(tmp_path / "big.png", "b.yml")
    assert "101 x 100 pixels" in problem.message


def test_the_refusal_decodes_nothing(tmp_path, monkeypatch):
    path = tmp_path / "logo.png"
    Image.new("RGB", (3100, 3000), "white").save(path)
    for cls in (Image.Image, ImageFile.ImageFile):
        monkeypatch.setattr(cls, "load", lambda self: pytest.fail("decoded an image over the limit"))
    monkeypatch.setattr(ImageFile.ImageFile, "verify", lambda self: pytest.fail("read an image over the limit"))
    assert "megapixels" in images.check_image(path, "b.yml")[0].message
