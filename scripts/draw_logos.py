"""Draw the sample brands' logos (emblems, no lettering) as SVG and PNG.

Run from the repository root: python scripts/draw_logos.py
Writes templates/qiantang/logo.{svg,png} and templates/ink/logo.{svg,png}.
Both are our own simple drawings (no third-party marks). The PNG is rasterised
from the same vector drawing with pypdfium2, at 600 px.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pypdfium2
from reportlab.graphics import renderPDF, renderSVG
from reportlab.graphics.shapes import Circle, Drawing, Path as Shape, Rect
from reportlab.lib.colors import HexColor, white

ROOT = Path(__file__).resolve().parents[1]


def tide(size: float = 100) -> Drawing:
    """Qiantang: a river-blue disc with three tide waves rolling in from the sea."""
    d = Drawing(size, size)
    d.add(Circle(size / 2, size / 2, size / 2, fillColor=HexColor("#0B4F8A"), strokeColor=None))
    for i, (y, color, width) in enumerate(((0.36, "#14A3A0", 7), (0.52, "#FFFFFF", 6), (0.68, "#E08A1E", 5))):
        wave = Shape(strokeColor=HexColor(color), strokeWidth=width * size / 100, fillColor=None,
                     strokeLineCap=1)
        x0, x1 = size * (0.16 + 0.04 * i), size * (0.84 - 0.04 * i)
        yy = size * y
        amp = size * 0.07
        wave.moveTo(x0, yy)
        wave.curveTo(x0 + (x1 - x0) * 0.25, yy + amp, x0 + (x1 - x0) * 0.25, yy - amp, (x0 + x1) / 2, yy)
        wave.curveTo(x0 + (x1 - x0) * 0.75, yy + amp, x0 + (x1 - x0) * 0.75, yy - amp, x1, yy)
        d.add(wave)
    return d


def seal(size: float = 100) -> Drawing:
    """Ink: a vermilion seal square with a white gate-and-river motif."""
    d = Drawing(size, size)
    d.add(Rect(0, 0, size, size, rx=size * 0.08, ry=size * 0.08, fillColor=HexColor("#B8322A"), strokeColor=None))
    s = size / 100
    d.add(Rect(8 * s, 8 * s, 84 * s, 84 * s, fillColor=None, strokeColor=white, strokeWidth=3 * s))
    for x in (26, 66):  # the gate's pillars
        d.add(Rect(x * s, 40 * s, 8 * s, 38 * s, fillColor=white, strokeColor=None))
    d.add(Rect(20 * s, 74 * s, 60 * s, 8 * s, fillColor=white, strokeColor=None))  # the lintel
    river = Shape(strokeColor=white, strokeWidth=5 * s, fillColor=None, strokeLineCap=1)
    river.moveTo(18 * s, 26 * s)
    river.curveTo(35 * s, 36 * s, 50 * s, 16 * s, 82 * s, 28 * s)
    d.add(river)
    return d


def write(drawing: Drawing, folder: Path, pixels: int = 600) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    svg = renderSVG.drawToString(drawing)
    # ReportLab writes an SVG 1.0 DOCTYPE; drop it (a DTD is what entity attacks hide in,
    # so briefing check refuses SVGs that carry one)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    (folder / "logo.svg").write_text(svg, encoding="utf-8")
    pdf = renderPDF.drawToString(drawing)
    page = pypdfium2.PdfDocument(io.BytesIO(pdf))[0]
    image = page.render(scale=pixels / drawing.width, fill_color=(255, 255, 255, 0)).to_pil()
    image.save(folder / "logo.png", optimize=True)


if __name__ == "__main__":
    write(tide(), ROOT / "templates" / "qiantang")
    write(seal(), ROOT / "templates" / "ink")
