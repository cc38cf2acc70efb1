"""The QR code to the region's investment portal.

data = {"url": str}. ReportLab's QR encoder gives the modules; they are drawn
here as unstroked runs in the brand's darkest colour. The code is flush left,
in line with the text (the page margin is its quiet zone on that side), with
four modules of white above, below and to the right.
"""
from __future__ import annotations

import itertools

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing, Group, Rect
from reportlab.lib.colors import HexColor

from briefing.brand import MM, Brand
from briefing.tree import Chart
from briefing.charts.palette import dark

SIZE = 26 * MM  # the code's side: about 1 mm a module for a web address, easily scanned
QUIET = 4  # modules of white around the code


def modules(url: str) -> list[list[bool]]:
    """Return the QR code of `url` (error correction level M) as rows of dark (True) modules."""
    widget = QrCodeWidget(url, barLevel="M")
    widget.qr.make()
    return [[bool(m) for m in row] for row in widget.qr.modules]


def draw(chart: Chart, brand: Brand, lang: str, width: float) -> Drawing:
    """Return the QR code of `chart.data["url"]`, SIZE square (or `width` if narrower)."""
    rows = modules(chart.data["url"])
    size = min(SIZE, width)
    box = size / len(rows)
    quiet = QUIET * box
    colour = HexColor(dark(brand))
    code = Group()
    for r, row in enumerate(rows):
        y = quiet + size - (r + 1) * box
        c = 0
        for is_dark, run in itertools.groupby(row):
            n = len(list(run))
            if is_dark:  # a hair wider, so that neighbouring runs do not show a seam when rasterised
                code.add(Rect(c * box, y - 0.02, n * box + 0.02, box + 0.04, fillColor=colour, strokeColor=None))
            c += n
    drawing = Drawing(size + quiet, size + 2 * quiet)
    drawing.add(code)
    return drawing
