"""Press output: the PDF on a larger sheet with 3 mm bleed, crop marks, page boxes and CMYK colours only.

`render(doc, brand, path)` draws the same pages as the screen PDF (render/pdf/__init__.py),
through a canvas that:

- makes each sheet the trim (A4, Letter) plus BLEED and SLUG on every side, and
  shifts the page's drawing by that much, so text and pictures keep their place
  relative to the trim; MediaBox is the sheet, TrimBox the trim, BleedBox the
  trim plus 3 mm. Backgrounds that touch the trim's edge (the cover's band) read
  the canvas's `bleed` and run on into the bleed;
- draws crop marks at the four corners, outside the bleed, in the registration
  colour (the separation "All", which prints on every plate);
- turns every colour it is given into CMYK as it is set (ReportLab's
  `enforceColorSpace` hook), so nothing RGB reaches the page, including the
  charts, which are drawn with the brand's hex colours. A colour is:
    1. the brand's own `cmyk` value when it is the colour of a role that has one;
    2. a tint of such a colour (the colour mixed with white, as the charts' tints
       are): that CMYK value scaled down, a screen of the same inks;
    3. otherwise converted by formula, with no ICC profile: full grey component
       replacement, K = 1 - max(R, G, B) and C = (1 - R - K) / (1 - K) (M, Y
       alike), so greys and black print in black ink only (#000000 is 100 % K);
- embeds raster images (the brand's logo) as CMYK at their full resolution:
  the PNG is flattened onto white (it stands on white paper) and each pixel
  converted as above, so the logo's blues are the brand's blues.

The file is PDF/X-4 (render/pdf/pdfx.py): an output intent with an embedded
CMYK profile, the version key in Info and XMP, TrimBox and BleedBox on every
sheet, no transparency (a translucent colour, such as the cover's tide rings at
35 % opacity, is drawn as the opaque tint it shows over the colour it is drawn
on: the current fill colour, the cover's band), no link annotations (the
bookmarks stay), and text on one plate where it matters (pdfx.text_ink: black
and dark text 100 % K overprinting, greys in K alone, and every text under
12 pt in one ink: the brand's `cmyk-small-text` for its colour, else a black
tint as dark as it prints). The ink is chosen per run of text, by the size the
run is set in, so a card's large figure keeps the brand's colour while its
small unit beside it, in the same text object, prints on one plate.
"""
from __future__ import annotations

import re
from pathlib import Path

from reportlab.lib.colors import CMYKColor, CMYKColorSep, Color, toColor
from reportlab.lib.rl_accel import fp_str

from briefing.brand import MM, Brand
from briefing.render.pdf.pdfx import complete_form, flatten, identify_pdfx, text_ink

Ink = tuple[float, float, float, float]

BLEED = 3 * MM  # how far edge-touching backgrounds run past the trim
SLUG = 10 * MM  # room beyond the bleed for the crop marks
OFFSET = BLEED + SLUG  # the trim's distance from the sheet's edge
MARK_GAP = BLEED  # crop marks start this far from the trim, so they never reach into the bleed
MARK_LENGTH = 6 * MM
MARK_WIDTH = 0.25  # points: a hairline, as printers draw them
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")  # prints on every plate


def sheet_size(trim: tuple[float, float]) -> tuple[float, float]:
    """Return the press sheet (MediaBox) for a trim size: the trim plus bleed and slug on each side."""
    return trim[0] + 2 * OFFSET, trim[1] + 2 * OFFSET


def trim_box(trim: tuple[float, float]) -> tuple[float, float, float, float]:
    """Return the TrimBox on the sheet, as (x0, y0, x1, y1) in points."""
    return OFFSET, OFFSET, OFFSET + trim[0], OFFSET + trim[1]


def bleed_box(trim: tuple[float, float]) -> tuple[float, float, float, float]:
    """Return the BleedBox on the sheet: the trim plus BLEED on every side."""
    x0, y0, x1, y1 = trim_box(trim)
    return x0 - BLEED, y0 - BLEED, x1 + BLEED, y1 + BLEED


def formula_cmyk(r: int, g: int, b: int) -> tuple[float, float, float, float]:
    """Return RGB (0-255) as CMYK fractions by formula: full grey component replacement, no ICC profile."""
    k = 1 - max(r, g, b) / 255
    if k >= 1:
        return 0.0, 0.0, 0.0, 1.0
    return tuple(round((1 - v / 255 - k) / (1 - k), 4) for v in (r, g, b)) + (round(k, 4),)


def _rgb(value: str) -> tuple[int, int, int]:
    value = value.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


class PressColours:
    """The brand's colours in CMYK; called with any colour, returns it as a ReportLab CMYKColor.

    An instance is the canvas's `enforceColorSpace` callable: ReportLab passes every
    fill and stroke colour through it before writing the operator.
    """

    def __init__(self, brand: Brand):
        self.known: dict[tuple[int, int, int], tuple[float, float, float, float]] = {}
        for role in sorted(brand.cmyk):
            hex_value = brand.colors.get(role)
            if hex_value:
                self.known.setdefault(_rgb(hex_value), tuple(v / 100 for v in brand.cmyk[role]))
        self._cache: dict[tuple[int, int, int], tuple[float, float, float, float]] = {}
        self.by_formula: set[str] = set()  # the colours no brand value covered, as #RRGGBB
        self.small_text: dict[Ink, Ink] = {}  # a colour's CMYK -> the one ink its text under 12 pt prints in
        for role in sorted(brand.cmyk_small_text):
            hex_value = brand.colors.get(role)
            if hex_value:
                key = tuple(round(v, 4) for v in self.cmyk(_rgb(hex_value)))
                self.small_text.setdefault(key, tuple(v / 100 for v in brand.cmyk_small_text[role]))

    def cmyk(self, rgb: tuple[int, int, int]) -> tuple[float, float, float, float]:
        """Return the CMYK fractions of an RGB colour (0-255): the brand's, a tint of it, or by formula."""
        got = self._cache.get(rgb)
        if got is None:
            got = self.known.get(rgb) or self._tint(rgb)
            if got is None:
                got = formula_cmyk(*rgb)
                self.by_formula.add("#%02X%02X%02X" % rgb)
            self._cache[rgb] = got
        return got

    def _tint(self, rgb: tuple[int, int, int]) -> tuple[float, float, float, float] | None:
        """Return the brand CMYK scaled down when `rgb` is a brand colour mixed with white, else None."""
        for base, cmyk in self.known.items():
            room = [255 - v for v in base]
            widest = max(range(3), key=lambda i: room[i])
            if room[widest] < 24:  # white or nearly: a tint of it says nothing
                continue
            amount = (rgb[widest] - base[widest]) / room[widest]  # 0: the colour, 1: white
            if not 0 < amount < 1:
                continue
            if all(abs(base[i] + room[i] * amount - rgb[i]) <= 1.0 for i in range(3)):
                return tuple(round(v * (1 - amount), 4) for v in cmyk)
        return None

    def __call__(self, colour) -> CMYKColor:
        """Return `colour` (any ReportLab colour value) as CMYK; the registration colour passes as it is."""
        c = toColor(colour)
        if isinstance(c, CMYKColorSep):
            return c if c.spotName == "All" else CMYKColor(c.cyan, c.magenta, c.yellow, c.black, alpha=c.alpha)
        if isinstance(c, CMYKColor):
            return c
        if isinstance(c, Color):
            rgb = tuple(round(v * 255) for v in (c.red, c.green, c.blue))
            return CMYKColor(*self.cmyk(rgb), alpha=c.alpha)
        raise ValueError(f"cannot print the colour {colour!r} in CMYK")

    def image(self, path: Path):
        """Return the image at `path` as a CMYK ImageReader at full resolution, flattened onto white."""
        from reportlab.lib.utils import ImageReader

        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size, tuple(sorted(self.known.items())))
        if key not in _IMAGES:  # a build converts the logo once for all its press files
            _IMAGES.clear()
            _IMAGES[key] = self._convert(path)
        return ImageReader(_IMAGES[key])

    def _convert(self, path: Path):
        """Return the image at `path` flattened onto white and converted pixel by pixel, as a Pillow CMYK image."""
        from PIL import Image

        with Image.open(path) as source:
            rgba = source.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        rgb = Image.alpha_composite(white, rgba).convert("RGB")
        del rgba, white
        colours = rgb.getcolors(MAX_TABLE)
        if colours is None:  # a photograph: every pixel by the formula, in Pillow's C loops (memory: a few bands)
            return _formula_image(rgb)
        table = {c: bytes(round(v * 255) for v in self.cmyk(c)) for _, c in colours}
        cmyk = bytearray()
        for top in range(0, rgb.height, STRIP):  # a strip at a time: memory stays a few bytes a pixel
            data = rgb.crop((0, top, rgb.width, min(rgb.height, top + STRIP))).tobytes()
            cmyk += b"".join(table[p] for p in zip(data[0::3], data[1::3], data[2::3]))
        return Image.frombytes("CMYK", rgb.size, bytes(cmyk))


_IMAGES: dict[tuple, object] = {}
MAX_TABLE = 65_536  # distinct colours converted one by one (brand colours, tints); beyond, the formula for all
STRIP = 256  # rows converted at a time


def _formula_image(rgb):
    """Return an RGB Pillow image in CMYK by formula_cmyk (full grey component replacement), in Pillow's C loops."""
    from PIL import Image, ImageChops, ImageMath

    r, g, b = rgb.split()
    high = ImageChops.lighter(ImageChops.lighter(r, g), b)  # max(r, g, b) = 255 (1 - k)
    wide = high.convert("I")

    def ink(band):  # (1 - v/255 - k) / (1 - k) = (max - v) / max
        return ImageMath.lambda_eval(lambda a: a["convert"]((a["h"] - a["v"]) * 255 / (a["h"] + (a["h"] == 0)), "L"),
                                     h=wide, v=band.convert("I"))

    return Image.merge("CMYK", (ink(r), ink(g), ink(b), ImageChops.invert(high)))


_CMYK_OP = re.compile(r"([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) k")
_FONT_SIZE = re.compile(r"/\S+ ([\d.]+) Tf")
_SHOWS = re.compile(r"T[jJ]\b")  # a text-showing operator (ReportLab writes Tj and TJ)


def _inks(colour) -> tuple[float, float, float, float]:
    if isinstance(colour, CMYKColor) and not isinstance(colour, CMYKColorSep):
        d = colour.density
        return (d * colour.cyan, d * colour.magenta, d * colour.yellow, d * colour.black)
    return (0.0, 0.0, 0.0, 0.0)  # no colour set yet, or the registration colour: white paper as backdrop


def canvas_class(base: type, brand: Brand, colours: PressColours) -> type:
    """Return a subclass of canvas class `base` that draws `brand`'s pages on press sheets, in CMYK."""
    trim = brand.page
    sheet = sheet_size(trim)

    class PressCanvas(base):
        bleed = BLEED  # read by flowables whose backgrounds touch the trim's edge

        def __init__(self, *args, **kwargs):
            kwargs.update(pagesize=sheet, enforceColorSpace=colours, trimBox=trim_box(trim),
                          bleedBox=bleed_box(trim))
            super().__init__(*args, **kwargs)
            self._images: dict[str, object] = {}
            self._begin_sheet()

        def _begin_sheet(self) -> None:
            """Move the origin to the trim's lower left corner (outside any saveState, for the whole page)."""
            self.translate(OFFSET, OFFSET)
            self._sheet_start = len(self._code)

        def setPageSize(self, size):  # the page templates ask for the trim: every sheet stays the sheet
            if tuple(self._pagesize) != sheet:
                super().setPageSize(sheet)

        def _startPage(self):
            super()._startPage()
            self._begin_sheet()

        def showPage(self):
            self._crop_marks()
            super().showPage()

        def save(self):
            if len(self._code) == self._sheet_start:  # only the next sheet's shift: no page to show
                del self._code[:]
            identify_pdfx(self)
            super().save()

        def _setExtGState(self, obj):  # forms too list the overprint states their text uses
            super()._setExtGState(obj)
            complete_form(obj)

        # -- no transparency: a translucent colour becomes the opaque tint it shows --------------

        def setStrokeColor(self, aColor, alpha=None):
            self._true_stroke = colours(aColor)
            super().setStrokeColor(self._true_stroke, alpha)

        def setFillColor(self, aColor, alpha=None):
            self._true_fill = colours(aColor)
            super().setFillColor(self._true_fill, alpha)

        def setStrokeAlpha(self, a):
            true = getattr(self, "_true_stroke", None)
            if true is not None and not isinstance(true, CMYKColorSep):
                inks = _inks(true) if a >= 1 else flatten(_inks(true), _inks(self._fillColorObj), a)
                self._strokeColorObj = CMYKColor(*inks)
                self._code.append("%s K" % fp_str(*inks))

        def setFillAlpha(self, a):
            true = getattr(self, "_true_fill", None)
            if a < 1 and true is not None and not isinstance(true, CMYKColorSep):
                self._fillColorObj = CMYKColor(*flatten(_inks(true), (0.0, 0.0, 0.0, 0.0), a))  # over paper
                self._code.append("%s k" % fp_str(*_inks(self._fillColorObj)))

        # -- no annotations on the press sheet: links belong to the screen PDF -------------------

        def linkRect(self, *args, **kwargs):
            return None

        def linkAbsolute(self, *args, **kwargs):
            return None

        def linkURL(self, *args, **kwargs):
            return None

        # -- text on one plate --------------------------------------------------------------------

        def drawText(self, aTextObject):
            a, b, c, d = self._currentMatrix[:4]
            self.saveState()  # first: the overprint states set below are undone with it
            aTextObject._code = self._one_plate(aTextObject._code, abs(a * d - b * c) ** 0.5)
            super().drawText(aTextObject)
            self.restoreState()

        def _one_plate(self, code: list[str], scale: float) -> list[str]:
            """Return a text object's code with each run's colour set to the ink it prints in at its size.

            The colour operators the text object wrote are taken out; before each run
            of text, the ink of (the colour asked for, the size the run is set in) is
            set, with overprint on for 100 % K only, where it changes.
            """
            want = _inks(colours(self._fillColorObj))  # a page's first fill is black (ReportLab: (0, 0, 0))
            size = self._fontsize
            out: list[str] = []
            current = None
            for op in code:
                match = _CMYK_OP.fullmatch(op)
                if match:
                    want = tuple(float(v) for v in match.groups())
                    continue
                sizes = _FONT_SIZE.findall(op)
                if sizes:
                    size = float(sizes[-1])
                if _SHOWS.search(op):
                    ink = text_ink(want, size * scale, colours.small_text)
                    if ink != current:
                        out += self._overprint(ink[1]) + ["%s k" % fp_str(*ink[0])]
                        current = ink
                out.append(op)
            return out

        def _overprint(self, on: bool) -> list[str]:
            """Return the graphics state operators that turn fill overprint (nonzero mode) on or off."""
            saved, self._code = self._code, []
            try:
                self.setFillOverprint(on)
                if on:
                    self.setOverprintMask(1)
                return self._code
            finally:
                self._code = saved

        def drawImage(self, image, *args, **kwargs):
            if isinstance(image, (str, Path)):
                key = str(image)
                if key not in self._images:
                    self._images[key] = colours.image(Path(key))
                image = self._images[key]
            return super().drawImage(image, *args, **kwargs)

        def _crop_marks(self) -> None:
            """Draw the trim's crop marks at the four corners, in the trim's coordinates."""
            w, h = trim
            near, far = MARK_GAP, MARK_GAP + MARK_LENGTH
            self.saveState()
            self.setStrokeColor(REGISTRATION)
            self.setLineWidth(MARK_WIDTH)
            self.setLineCap(0)
            lines = []
            for x, sx in ((0, -1), (w, 1)):
                for y, sy in ((0, -1), (h, 1)):
                    lines.append((x + sx * near, y, x + sx * far, y))  # level with the trim's edge
                    lines.append((x, y + sy * near, x, y + sy * far))
            self.lines(lines)
            self.restoreState()

    return PressCanvas


def render(doc, brand: Brand, path: Path | str) -> int:
    """Write `doc` as a press-ready PDF at `path` (bleed, crop marks, CMYK); return its page count."""
    from briefing.render.pdf import render as render_pdf

    return render_pdf(doc, brand, path, press=lambda base: canvas_class(base, brand, PressColours(brand)))
