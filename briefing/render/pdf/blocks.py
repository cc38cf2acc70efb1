"""PDF flowables for the blocks that are more than a paragraph: cover, contents, cards, tables."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from reportlab.lib import colors
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, Table, TableStyle

from briefing.brand import Brand
from briefing.charts.motif import motif
from briefing.brand import boxes
from briefing.brand.boxes import CARD_GUTTER, VALUE_WORDS
from briefing.tree import Cover, FigureCard, Inline, Span
from briefing.fonts.spaced import wide
from briefing.typeset.spacing import GAP, gap_between
from briefing.render.pdf.gaps import begin_actual_text, end_actual_text
from briefing.render.pdf.textflow import TextFlow, TextStyle, baseline_offset, break_lines, fit_font


@dataclass
class PageState:
    """What the build learns as it goes and draws at the end: page numbers and their places."""

    heading_pages: dict[str, int] = field(default_factory=dict)
    toc_slots: dict[str, tuple[float, float, TextStyle]] = field(default_factory=dict)
    pages: int = 0
    keep_multiple: int = 0  # a pass is written only when its page count is a multiple of this (0: always)


def hex_color(value: str) -> colors.Color:
    return colors.HexColor(value)


def one_line(text: str, style: TextStyle) -> TextFlow:
    return TextFlow((Span(text),), style)


class Rule(Flowable):
    """A short thick bar under a chapter heading."""

    def __init__(self, width: float, thickness: float, color: str, space_after: float):
        super().__init__()
        self.bar_width, self.thickness, self.color, self.space_after = width, thickness, color, space_after

    def wrap(self, avail_width, avail_height):
        return avail_width, self.thickness + self.space_after

    def draw(self):
        self.canv.setFillColor(hex_color(self.color))
        self.canv.rect(0, self.space_after, self.bar_width, self.thickness, stroke=0, fill=1)


class Picture(Flowable):
    """A chart's drawing in the story: a flowable that may join a keepWithNext chain (a Drawing takes no such flag)."""

    def __init__(self, drawing):
        super().__init__()
        self.drawing = drawing
        self.hAlign = getattr(drawing, "hAlign", "CENTER")

    def wrap(self, avail_width, avail_height):
        self.width, self.height = self.drawing.width, self.drawing.height
        return self.width, self.height

    def draw(self):
        from reportlab.graphics import renderPDF

        renderPDF.draw(self.drawing, self.canv, 0, 0)


class CoverPage(Flowable):
    """The title page, drawn across the whole page (its frame has no margins)."""

    def __init__(self, cover: Cover, brand: Brand, styles: dict[str, TextStyle], lang: str,
                 tstyles: dict[str, TextStyle] | None = None):
        super().__init__()
        self.cover, self.brand, self.styles, self.lang, self.tstyles = cover, brand, styles, lang, tstyles

    def wrap(self, avail_width, avail_height):
        self.page_w, self.page_h = avail_width, avail_height
        return avail_width, avail_height

    def draw(self):
        c, b, st = self.canv, self.brand, self.styles
        w, h = self.page_w, self.page_h
        left = b.margins["left"]
        text_w = w - left - b.margins["right"]
        band_y = h * 0.38
        # on a press sheet (render/pdf/press.py) the band and bar run on past the trim into the bleed
        bleed = getattr(c, "bleed", 0)
        c.saveState()
        c.setFillColor(hex_color(b.color("primary")))
        c.rect(0 - bleed, band_y, w + 2 * bleed, h - band_y + bleed, stroke=0, fill=1)
        # decorative tide rings in the secondary colour, clipped to the band
        path = c.beginPath()
        path.rect(0 - bleed, band_y, w + 2 * bleed, h - band_y + bleed)
        c.clipPath(path, stroke=0, fill=0)
        motif(b, w, h - band_y, (w * 0.92, h * 0.93 - band_y), ground=False).drawOn(c, 0, band_y)  # as in Word
        c.restoreState()
        c.setFillColor(hex_color(b.color("accent")))
        c.rect(0 - bleed, band_y - 6, w + 2 * bleed, 6, stroke=0, fill=1)
        # kicker, title and tagline sit on the band, bottom-aligned above its edge
        second, ts = self.cover.translation, self.tstyles
        kicker = (Span(self.cover.kicker),) + ((Span("  "), Span(second.kicker, second=True)) if second else ())
        blocks = [TextFlow(kicker, st["Cover Kicker"]), TextFlow((Span(self.cover.title),), st["Title"])]
        if second:
            blocks.append(TextFlow((Span(second.title),), ts["Subtitle"]))
        if self.cover.tagline:
            blocks.append(TextFlow((Span(self.cover.tagline),), st["Subtitle"]))
        if second and second.tagline:
            blocks.append(TextFlow((Span(second.tagline),), replace(ts["Subtitle"], size=ts["Subtitle"].size * 0.85)))
        y = band_y + 44  # stack the blocks upwards from just above the band's lower edge
        for flow in reversed(blocks):
            _, height = flow.wrapOn(c, text_w, h)
            flow.drawOn(c, left, y)
            y += height + 10
        y = band_y - 54
        lines = [(line, st["Cover Line"]) for line in self.cover.lines]
        if second:
            lines += [(line, ts["Cover Line"]) for line in second.lines]
        for line, line_style in lines:
            flow = TextFlow((Span(line),), line_style)
            _, height = flow.wrapOn(c, text_w, h)
            flow.drawOn(c, left, y - height)
            y -= height + 4
        # the issuer's emblem and name at the foot of the page
        name = b.name.get(self.lang, "")
        foot = b.margins["bottom"]
        x = left
        if b.logo:
            size = 34
            c.drawImage(str(b.logo), left, foot, size, size, mask="auto", preserveAspectRatio=True)
            x += size + 10
        if name:
            flow = TextFlow((Span(name),), replace(st["Cover Line"], fonts=st["Heading 2"].fonts,
                                                   color=b.color("primary")))
            _, height = flow.wrapOn(c, text_w - (x - left), h)
            flow.drawOn(c, x, foot + 17 - height / 2)


class TocEntry(Flowable):
    """One line of the contents: linked title, dot leader, page number drawn at the end."""

    def __init__(self, text: str | tuple[Span, ...], anchor: str, style: TextStyle, state: PageState):
        super().__init__()
        self.anchor, self.style, self.state = anchor, style, state
        self.flow = TextFlow(text if isinstance(text, tuple) else (Span(text),), style)
        self.spaceBefore = style.space_before

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        _, self.height = self.flow.wrap(avail_width, avail_height)
        return avail_width, self.height

    def draw(self):
        c, st = self.canv, self.style
        self.flow.drawOn(c, 0, 0)
        lines = self.flow.lines
        last = lines[-1]
        baseline = self.height - baseline_offset(st) - (len(lines) - 1) * st.leading
        start = st.left_indent + last.natural_width + st.size * 0.6
        end = self.width - st.size * 2.2
        if end > start:
            c.saveState()
            c.setFillColor(hex_color("#9AA7B4"))
            c.setFont(st.fonts[0], st.size)
            dot = c.stringWidth(".", st.fonts[0], st.size) * 2.2
            xs, x = [], end - dot
            while x > start:
                xs.append(x)
                x -= dot
            draw_repeated(c, ".", xs, baseline)
            c.restoreState()
        ax, ay = c.absolutePosition(self.width, baseline)
        self.state.toc_slots[self.anchor] = (ax, ay, st)
        c.linkRect("", self.anchor, (0, 0, self.width, self.height), relative=1, thickness=0)
        # the number itself is a form, defined once every page is known
        c.saveState()
        x0, y0 = c.absolutePosition(0, 0)
        c.translate(-x0, -y0)
        c.doForm("toc-" + self.anchor)
        c.restoreState()


def draw_repeated(c, text: str, xs: list[float], y: float) -> None:
    """Draw `text` at each x of `xs` on the baseline `y`, writing what as many `drawString` calls write.

    A dot leader is some sixty dots, a contents page a thousand; each drawString
    builds a text object. The first two are drawn; when the second's code is the
    first's with its origin moved, the others are written as copies of the
    first's, each with its own origin (else drawn one by one).
    """
    def drawn(x: float) -> list[str]:
        n = len(c._code)
        c.drawString(x, y, text)
        return c._code[n:]

    if len(xs) < 3:
        for x in xs:
            c.drawString(x, y, text)
        return
    first, second = drawn(xs[0]), drawn(xs[1])
    at = [f" 1 0 0 1 {fp_str(x, y)} Tm " for x in xs]
    if sum(op.count(at[0]) for op in first) != 1 or [op.replace(at[0], at[1]) for op in first] != second:
        for x in xs[2:]:
            c.drawString(x, y, text)
        return
    c._code.extend(op.replace(at[0], origin) for origin in at[2:] for op in first)


class FigureValue(Flowable):
    """A card's figure on one baseline: the number large, the words around it half as large."""

    WORDS = VALUE_WORDS  # the words' size, as a share of the number's

    def __init__(self, card: FigureCard, style: TextStyle):
        super().__init__()
        self.parts, self.style = card.parts(), style
        self.spaceAfter = style.space_after
        self._set: dict[float, list] = {}  # the pieces at a scale (a card is measured again at every page's room)
        self._scales: dict[float, float] = {}  # the scale at an available width

    def _pieces(self, scale: float):
        pieces = self._set.get(scale)
        if pieces is None:
            pieces = self._set[scale] = self._measure(scale)
        return pieces

    def _measure(self, scale: float):
        size = self.style.size * scale
        out, previous = [], ""
        for k, text in enumerate(self.parts):
            if not text:
                continue
            piece_size = size if k == 1 else size * self.WORDS
            if gap_between(previous, text) and out:  # the one spacing rule: 46.3 亿元, 近 100 家
                # a quarter em of the glyph before the gap, carried by its wider twin (render/pdf/gaps.py: no
                # extractor reads a space): after the number, a quarter of the number's em, as Word's autospace
                run, font, s, width = out[-1]
                twin = wide(font, run[-1], round(GAP * 1000)) if run else None
                out[-1] = (run[:-1] + twin if twin else run, font, s, width + GAP * s)
            for run, font in fit_font(text, self.style.fonts):
                out.append((run, font, piece_size, pdfmetrics.stringWidth(run, font, piece_size)))
            previous = text
        return out

    def wrap(self, avail_width, avail_height):
        # in steps of 5% while that fits, then exactly as large as fits: checks/fit.py refuses a value that does
        # not fit at VALUE_SMALLEST, so it is never smaller; and never wider than the card
        self.scale = self._scales.get(avail_width)
        if self.scale is None:
            self.scale = 1.0
            while self.scale > 0.6 and sum(p[3] for p in self._pieces(self.scale)) > avail_width:
                self.scale -= 0.05
            natural = sum(p[3] for p in self._pieces(1.0))
            if natural * self.scale > avail_width > 0:
                self.scale = avail_width / natural
            self._scales[avail_width] = self.scale
        self.width = avail_width
        self.height = self.style.leading * self.scale
        return avail_width, self.height

    def draw(self):
        c = self.canv
        c.setFillColor(hex_color(self.style.color))
        baseline = self.height - baseline_offset(self.style) * self.scale
        x = 0.0
        pieces = self._pieces(self.scale)
        begin_actual_text(c, "".join(self.parts))  # one phrase for search and copy (the gap's twin as its glyph)
        for run, font, size, width in pieces:
            c.setFont(font, size)
            c.drawString(x, baseline, run)
            x += width
        end_actual_text(c)


def card_cell(card: FigureCard, styles: dict[str, TextStyle], width: float,
              tstyles: dict[str, TextStyle] | None = None) -> list[Flowable]:
    """Return the flowables of one figure card: value, label, change with arrow, period."""
    cell: list[Flowable] = [FigureValue(card, styles["Figure Value"])]
    second = card.translation
    if second and tstyles and second.value != card.value:  # the figure as the second language writes it, if unlike
        small = replace(tstyles["Figure Label"], fonts=tstyles["Figure Value"].fonts, color=styles["Figure Value"].color)
        cell.append(TextFlow((Span(second.value),), fit_one_line(second.value, small, width)))
    cell.append(TextFlow((Span(card.label),), styles["Figure Label"]))
    if second and tstyles:
        cell.append(TextFlow((Span(second.label),), replace(tstyles["Figure Label"], space_before=0)))
    if card.change:
        arrow = {1: "▲ ", -1: "▼ ", 0: ""}[card.direction]
        change = (Span(arrow + card.change),)
        if second and second.change:
            change += (Span("\n"), Span(second.change, second=True))
        cell.append(TextFlow(change, styles["Figure Change"]))
    if card.period:
        period = (Span(card.period),)
        if second and second.period:
            period += (Span(" · "), Span(second.period, second=True))
        cell.append(TextFlow(period, styles["Figure Period"]))
    return cell


def fit_one_line(text: str, style: TextStyle, width: float, smallest: float = 0.62) -> TextStyle:
    """Return `style` scaled down (to `smallest` of its size at most) so `text` fits one line."""
    scale = 1.0
    while scale > smallest:
        trial = replace(style, size=style.size * scale, leading=style.leading * scale)
        if len(break_lines((Span(text),), trial, width)) == 1:
            return trial
        scale -= 0.06
    return replace(style, size=style.size * smallest, leading=style.leading * smallest)


def card_grid(cards: list[FigureCard], columns: int, width: float, brand: Brand,
              styles: dict[str, TextStyle], tstyles: dict[str, TextStyle] | None = None) -> Table:
    """Return the key figures as a grid of cards (a table with gutters)."""
    gutter = CARD_GUTTER
    pad = boxes.PDF.card_pad
    card_w = (width - gutter * (columns - 1)) / columns
    data, col_widths = [], []
    for c in range(columns):
        col_widths.append(card_w)
        if c < columns - 1:
            col_widths.append(gutter)
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), pad), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 2)]
    light, accent, primary = hex_color(brand.color("light")), hex_color(brand.color("accent")), hex_color(brand.color("primary"))
    row_heights = []
    for r in range(0, len(cards), columns):
        row, row_i = [], len(data)
        for c in range(columns):
            index = r + c
            col = c * 2
            if index < len(cards):
                card = cards[index]
                row.append(card_cell(card, styles, card_w - 2 * pad, tstyles))
                commands.append(("BACKGROUND", (col, row_i), (col, row_i), light))
                commands.append(("LINEABOVE", (col, row_i), (col, row_i), 2.5, accent if card.featured else primary))
            else:
                row.append("")
            if c < columns - 1:
                row.append("")
                commands.append(("LEFTPADDING", (col + 1, row_i), (col + 1, row_i), 0))
                commands.append(("RIGHTPADDING", (col + 1, row_i), (col + 1, row_i), 0))
        data.append(row)
        row_heights.append(None)
        if r + columns < len(cards):
            data.append([""] * len(col_widths))
            row_heights.append(gutter)
            commands.append(("TOPPADDING", (0, len(data) - 1), (-1, len(data) - 1), 0))
            commands.append(("BOTTOMPADDING", (0, len(data) - 1), (-1, len(data) - 1), 0))
    font = styles["Table Cell"].fonts[0]
    commands.append(("FONTNAME", (0, 0), (-1, -1), font))
    table = Table(data, colWidths=col_widths, rowHeights=row_heights, hAlign="LEFT")
    table.setStyle(TableStyle(commands))
    return table


def data_table(header: list[str], rows: list[list[Inline]], widths: list[float], width: float, brand: Brand,
               styles: dict[str, TextStyle]) -> Table:
    """Return a figures table: shaded header repeated on each page, banded rows, thin rules."""
    total = sum(widths)
    col_widths = [width * w / total for w in widths]
    head_style, cell_style = styles["Table Header"], styles["Table Cell"]
    data = [[TextFlow(h if isinstance(h, tuple) else (Span(h),), head_style) for h in header]]
    # A table row cannot break across pages: a row taller than a page is cut into
    # rows of about a third of a page, which read as one (same band, one rule below).
    head_h = max((f.wrap(w - 12, 1e6)[1] for f, w in zip(data[0], col_widths)), default=0) + 9
    room = brand.page[1] - brand.margins["top"] - brand.margins["bottom"] - head_h - 9 - 12
    band, last, joined = [], [], []  # body rows' bands (0 white, 1 light); rows ending and continuing a content row
    for n, row in enumerate(rows):
        cells = [TextFlow(cell, cell_style) for cell in row]
        if max((f.wrap(w - 12, room)[1] for f, w in zip(cells, col_widths)), default=0) <= room:
            parts = [[f] for f in cells]
        else:
            parts = [_cut(f, w - 12, room / 3) for f, w in zip(cells, col_widths)]
        for k in range(max((len(p) for p in parts), default=1)):
            data.append([p[k] if k < len(p) else "" for p in parts])
            band.append(n % 2)
            if k:
                joined.append(len(data) - 1)
        last.append(len(data) - 1)
    rule, light = hex_color(brand.color("rule")), hex_color(brand.color("light"))
    table = Table(data, colWidths=col_widths, repeatRows=1, hAlign="LEFT", spaceBefore=6, spaceAfter=10)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), cell_style.fonts[0]),
        ("BACKGROUND", (0, 0), (-1, 0), hex_color(brand.color("primary"))),
        *[("BACKGROUND", (0, r), (-1, r), light) for r, b in enumerate(band, 1) if b],
        *[("LINEBELOW", (0, r), (-1, r), 0.4, rule) for r in last],
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
        ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        *[("TOPPADDING", (0, r), (-1, r), 0) for r in joined],
        *[("BOTTOMPADDING", (0, r - 1), (-1, r - 1), 0) for r in joined],
    ]))
    return table


def _cut(flow: TextFlow, width: float, room: float) -> list[TextFlow]:
    """Return `flow` cut at line boundaries into parts no taller than `room` (whole when it cannot be cut)."""
    parts = []
    while flow.wrap(width, room)[1] > room:
        pieces = flow.split(width, room)
        if len(pieces) != 2:
            break
        parts.append(pieces[0])
        flow = pieces[1]
    return parts + [flow]
