"""PDF flowables of the brochure's furniture: the featured badge, the back cover, a notes page, card rows.

The welcome letter has its own module (render/pdf/letter.py).

- `BadgedHeading`: a heading with a small tag in the accent colour after its
  last line (the tag is drawn, not part of the heading's text or bookmark);
- `BackCoverPage`: the last page, drawn across the whole page in the brand's colour;
- `NotesPage`: ruled lines for the reader's notes, padding to an even page count;
- `NotesFill`: where the notes pages go, filled in as the document is laid out (one pass, the count known);
- `card_rows`: the key-figure grid as balanced rows, kept together.
"""
from __future__ import annotations

from dataclasses import replace

from reportlab.platypus import Flowable, KeepTogether, PageBreak
from reportlab.platypus.doctemplate import ActionFlowable

from briefing import charts
from briefing.brand import Brand
from briefing.charts.emblem import DISC, ROOM as EMBLEM_ROOM, Emblem
from briefing.charts.motif import motif
from briefing.render.pdf.blocks import card_grid, hex_color
from briefing.render.pdf.textflow import TextFlow, TextStyle, baseline_offset
from briefing.tree import BackCover, FigureGrid, Span

BADGE_GAP = 8.0  # between a heading's last word and its badge


def BACK_CENTRE(w: float, h: float) -> tuple[float, float]:  # noqa: N802 - a constant of the page's size
    """Return where the back cover's rings are centred: near its lower left corner."""
    return w * 0.08, h * 0.07


class BadgedHeading(Flowable):
    """A heading followed on its last line by a small filled tag (a featured item's badge)."""

    def __init__(self, heading: TextFlow, badge: str, style: TextStyle, colour: str):
        super().__init__()
        self.heading, self.badge = heading, badge
        self.tag = TextFlow((Span(badge),), replace(style, color="#FFFFFF", space_before=0, space_after=0,
                                                     left_indent=0, right_indent=0, align="left"))
        self.colour = colour
        self.spaceBefore, self.spaceAfter = heading.spaceBefore, heading.spaceAfter
        self.keepWithNext = True
        for name in ("_outline", "bookmark"):
            if hasattr(heading, name):
                setattr(self, name, getattr(heading, name))

    def _tag_size(self, width):
        self.tag.wrap(width, 100)
        natural = self.tag.lines[0].natural_width if self.tag.lines else 0
        pad = self.tag.style.size * 0.6
        return natural + 2 * pad, self.tag.style.leading + 2, pad

    def wrap(self, avail_width, avail_height):
        tag_w, _, _ = self._tag_size(avail_width)
        self.width = avail_width
        _, h = self.heading.wrap(avail_width - tag_w - BADGE_GAP, avail_height)
        self.height = h
        return avail_width, h

    def draw(self):
        c = self.canv
        self.heading.drawOn(c, 0, 0)
        st = self.heading.style
        lines = self.heading.lines
        last = lines[-1] if lines else None
        x = st.left_indent + (last.natural_width if last else 0) + BADGE_GAP
        baseline = self.height - baseline_offset(st) - (len(lines) - 1) * st.leading
        tag_w, tag_h, pad = self._tag_size(self.width)
        ts = self.tag.style
        # the tag's text sits on its own baseline, centred on the heading's x-height
        y = baseline + st.size * 0.36 - tag_h / 2
        c.saveState()
        c.setFillColor(hex_color(self.colour))
        c.roundRect(x, y, tag_w, tag_h, 2, stroke=0, fill=1)
        c.restoreState()
        self.tag.drawOn(c, x + pad, y + 1)
        del ts


class BackCoverPage(Flowable):
    """The last page, across the whole page: the brand's colour, the issuer, portal, contacts, dates, disclaimer."""

    def __init__(self, back: BackCover, brand: Brand, styles: dict[str, TextStyle], state, langs: list[str]):
        super().__init__()
        self.back, self.brand, self.styles, self.state, self.langs = back, brand, styles, state, langs
        self.lang = langs[0]

    def wrap(self, avail_width, avail_height):
        self.page_w, self.page_h = avail_width, avail_height
        return avail_width, avail_height

    def _line(self, text, style, colour, x, y, width, bold=False):
        flow = TextFlow((Span(text, bold=bold),), replace(style, color=colour, space_before=0, space_after=0,
                                                          align="left", left_indent=0, right_indent=0))
        _, h = flow.wrap(width, 1e6)
        flow.drawOn(self.canv, x, y - h)
        return y - h

    def draw(self):
        c, b, st = self.canv, self.brand, self.styles
        w, h = self.page_w, self.page_h
        bleed = getattr(c, "bleed", 0)
        left, right = b.margins["left"], w - b.margins["right"]
        text_w = right - left
        # on the band: white, and the brand's light colour for labels and small print (a brand colour, so the
        # press PDF prints it as the brand's inks, not as a mix converted by formula)
        white, pale = "#FFFFFF", b.color("light")
        c.saveState()
        c.setFillColor(hex_color(b.color("primary")))
        c.rect(-bleed, -bleed, w + 2 * bleed, h + 2 * bleed, stroke=0, fill=1)
        path = c.beginPath()
        path.rect(-bleed, -bleed, w + 2 * bleed, h + 2 * bleed)
        c.clipPath(path, stroke=0, fill=0)
        motif(b, w, h, BACK_CENTRE(w, h), ground=False).drawOn(c, 0, 0)  # the cover's rings, from the other corner
        c.restoreState()
        backs = [self.back] + ([self.back.translation] if self.back.translation else [])
        langs = self.langs[:len(backs)]
        # the issuer at the top: emblem, then its name in each language
        y = h - b.margins["top"]
        x = left
        if b.logo:  # the logo on its white disc, 2 points proud of the margin (Word places the same drawing)
            Emblem(b).draw_on(c, left - 2, y - DISC + 2)
            x = left + EMBLEM_ROOM
        name_style = replace(st["Heading 2"], size=b.base_size * 1.5, leading=b.base_size * 2.0)
        ny = y - 4
        for lang in langs:
            name = b.name.get(lang, "")
            if name:
                ny = self._line(name, name_style, white, x, ny, right - x, bold=True)
        # the portal and the contacts in the middle
        y = min(ny, y - 52) - 48
        small = replace(st["Cover Line"], size=b.base_size * 0.95, leading=b.base_size * 1.5)
        label = replace(st["Cover Line"], fonts=st["Heading 2"].fonts, size=b.base_size * 0.85,
                        leading=b.base_size * 1.4)
        back = self.back
        if back.portal is not None:
            drawing = charts.draw(back.portal, b, self.lang, text_w)
            tile = drawing.height
            c.saveState()
            c.setFillColor(hex_color("#FFFFFF"))
            c.roundRect(left, y - tile, drawing.width + drawing.height * 0.14, tile, 3, stroke=0, fill=1)
            c.restoreState()
            drawing.drawOn(c, left + drawing.height * 0.14, y - tile)
            tx = left + drawing.width + 28
            ty = y - 6
            labels = " · ".join(x.portal_label for x in backs if x.portal_label)
            ty = self._line(labels, label, pale, tx, ty, right - tx)
            ty = self._line(back.portal.data["url"], small, white, tx, ty - 4, right - tx)
            y -= tile + 28
        if back.contacts:
            labels = " · ".join(x.contacts_label for x in backs if x.contacts_label)
            y = self._line(labels, label, pale, left, y, text_w) - 4
            for x_back, lang in zip(backs, langs):
                for line in x_back.contacts:
                    y = self._line(line, small, white, left, y, text_w)
                y -= 6
        # the foot: when the content is as of, where the figures come from, the disclaimer
        page = self.state.heading_pages.get(back.sources_anchor)
        foot = [(x.as_of + "  ·  " + x.sources.format(page=page if page else "—")) for x in backs]
        disclaimers = [b.disclaimer_text(lang) for lang in langs]
        fine = replace(st["Cover Line"], size=b.base_size * 0.75, leading=b.base_size * 1.15)
        blocks = []
        for line in foot:
            blocks.append((line, small, white))
        for text in disclaimers:
            if text:
                blocks.append((text, fine, pale))
        heights = []
        for text, style, _ in blocks:
            flow = TextFlow((Span(text),), style)
            heights.append(flow.wrap(text_w, 1e6)[1] + 4)
        y = b.margins["bottom"] + sum(heights)
        c.saveState()
        c.setFillColor(hex_color(b.color("accent")))
        c.rect(left, y + 10, 36, 3, stroke=0, fill=1)
        c.restoreState()
        for (text, style, colour), height in zip(blocks, heights):
            self._line(text, style, colour, left, y, text_w)
            y -= height


class NotesPage(Flowable):
    """A page of ruled lines for the reader's notes, under a small title."""

    def __init__(self, title: str, brand: Brand, styles: dict[str, TextStyle]):
        super().__init__()
        self.title = TextFlow((Span(title),), styles["Heading 2"])
        self.brand = brand

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, avail_height
        return avail_width, avail_height

    def draw(self):
        c = self.canv
        _, h = self.title.wrap(self.width, 1e6)
        self.title.drawOn(c, 0, self.height - h)
        step = self.brand.base_size * 2.2
        y = self.height - h - step * 1.2
        c.saveState()
        c.setStrokeColor(hex_color(self.brand.color("rule")))
        c.setLineWidth(0.5)
        while y > step * 0.5:
            c.line(0, y, self.width, y)
            y -= step
        c.restoreState()


class NotesFill(ActionFlowable):
    """Where notes pages go (before the back cover): replaced, once the pages before it are laid out, by as many
    notes pages as make the page count a multiple of `state.keep_multiple` with the `after` pages still to come."""

    def __init__(self, title: str, brand: Brand, styles: dict[str, TextStyle], state, after: int = 1):
        super().__init__()
        self.title, self.brand, self.styles, self.state, self.after = title, brand, styles, state, after

    def pages(self, page: int) -> list:
        """Return the notes pages to set when the document stands at `page`: each a page break and a NotesPage."""
        n = -(page + self.after) % self.state.keep_multiple if self.state.keep_multiple else 0
        return [f for _ in range(n) for f in (PageBreak(), NotesPage(self.title, self.brand, self.styles))]


def card_rows(grid: FigureGrid, width: float, brand: Brand, styles, tstyles, space_after: float = 0) -> KeepTogether:
    """Return the key figures as balanced rows of cards (layout's `rows`), kept together on one page,
    `space_after` points clear below them."""
    rows, start, out = grid.row_sizes(), 0, []
    for i, n in enumerate(rows):
        slots = n if grid.rows else max(n, grid.columns)  # an unbalanced grid's lone card stays a column wide
        table = card_grid(grid.cards[start:start + n], slots, width, brand, styles, tstyles)
        if i:
            table.spaceBefore = 8.0
        out.append(table)
        start += n
    out[-1].spaceAfter = space_after
    return KeepTogether(out)
