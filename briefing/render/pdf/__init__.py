"""The PDF renderer: document tree + brand -> a bookmarked, font-embedded PDF."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate, Frame, KeepTogether, NextPageTemplate, PageBreak, PageTemplate, Spacer,
)

from briefing import charts
from briefing.brand import Brand
from briefing.brand.boxes import FOOTER_SHARE, HEADER_LOGO_ROOM
from briefing.tree import (
    BackCover, BulletList, Chart, Cover, Document, FigureGrid, Heading, Letter, NotesPage,
    PageBreak as TreePageBreak, Paragraph, Span, Table, TableOfContents,
)
from briefing.render.pdf import furniture, images, letter
from briefing.render.pdf.keep import ChapterBreak, Pair, close_chapters, handle_keep_with_next
from briefing.render.pdf.finish import date_canvas, identify, open_on_outline
from briefing.render.stamp import file_date
from briefing.render.pdf.blocks import CoverPage, PageState, Picture, Rule, TocEntry, data_table, hex_color
from briefing.render.pdf.styles import styles as make_styles, translation_styles
from briefing.render.pdf.textflow import TextFlow, baseline_offset


rl_config.useA85 = 0  # binary (deflated) streams: smaller files, and no slow ASCII85 pass


class _Template(BaseDocTemplate):
    """Records chapter pages and PDF outline entries as flowables land on pages."""

    def __init__(self, *args, state: PageState, **kwargs):
        super().__init__(*args, **kwargs)
        self.state = state

    def filterFlowables(self, flowables):  # noqa: N802 - ReportLab's hook: the notes pages, once the count is known
        if isinstance(flowables[0], furniture.NotesFill):
            flowables[0:1] = flowables[0].pages(self.page)

    def handle_keepWithNext(self, flowables):  # noqa: N802 - ReportLab's hook: containers chain too
        handle_keep_with_next(flowables)

    def afterFlowable(self, flowable):
        outline = getattr(flowable, "_outline", None)
        if outline:
            level, text, anchor = outline
            self.state.heading_pages[anchor] = self.page
            self.canv.addOutlineEntry(text, anchor, level=level - 1, closed=False)


def _canvas_class(doc: Document, brand: Brand, styles, state: PageState):
    """Return a Canvas class that, before saving, defines the forms holding page numbers."""

    class BriefingCanvas(Canvas):
        def drawImage(self, image, x, y, width=None, height=None, mask=None, **kwargs):  # noqa: N802 - ReportLab's
            if isinstance(image, str):  # an image file: read and compressed once a process (render/pdf/images.py)
                images.register(self, image, mask)
            return super().drawImage(image, x, y, width, height, mask, **kwargs)

        def save(self):
            state.pages = self.getPageNumber() - 1
            if state.keep_multiple and state.pages % state.keep_multiple:
                return  # render lays the document out again, counting notes pages: this pass is not written
            for n in range(1, state.pages + 1):
                self.beginForm(f"footer-{n}")
                label = doc.page_label.format(page=n, pages=state.pages)
                _draw_right(self, label, styles["Running"], brand.page[0] - brand.margins["right"],
                            brand.margins["bottom"] * 0.45)
                self.endForm()
            for anchor, (x, y, style) in state.toc_slots.items():
                self.beginForm("toc-" + anchor)
                _draw_right(self, str(state.heading_pages.get(anchor, "")), style, x, y)
                self.endForm()
            date_canvas(self, file_date(doc.meta.date))
            open_on_outline(self)
            super().save()

    return BriefingCanvas


def _draw_right(canvas: Canvas, text: str, style, right: float, baseline: float) -> None:
    """Draw one line of text ending at `right`, its baseline at `baseline`."""
    style = replace(style, left_indent=0, right_indent=0, first_indent=0, align="left")
    flow = TextFlow((Span(text),), style)
    width = canvas.stringWidth(text, style.fonts[0], style.size) + style.size * 4
    flow.wrapOn(canvas, width, 100)
    lines = flow.lines
    natural = lines[0].natural_width if lines else 0
    # drawOn places the flow's bottom; its single line's baseline is baseline_offset below its top
    flow.drawOn(canvas, right - natural, baseline - (style.leading - baseline_offset(style)))


def _page_decor(doc: Document, brand: Brand, styles):
    """Return the onPage function drawing the running header and footer on body pages."""

    def on_page(canvas: Canvas, template):
        w, h = brand.page
        left, right = brand.margins["left"], w - brand.margins["right"]
        top = h - brand.margins["top"] * 0.55
        canvas.saveState()
        running = (Span(brand.running_header(doc.lang, doc.running_title)),)
        if doc.translation_lang:  # the bilingual edition's header in both languages
            running += (Span("  ·  "), Span(brand.running_header(doc.translation_lang,
                                                                 doc.translation_running_title or ""), second=True))
        head = TextFlow(running, styles["Running"])
        head.wrapOn(canvas, right - left - HEADER_LOGO_ROOM, 40)  # brand/boxes.py: the fit check's box
        head.drawOn(canvas, left, top)
        if brand.logo:
            size = 16
            canvas.drawImage(str(brand.logo), right - size, top - 1, size, size, mask="auto",
                             preserveAspectRatio=True, anchor="se")
        canvas.setStrokeColor(hex_color(brand.color("rule")))
        canvas.setLineWidth(0.5)
        canvas.line(left, top - 3, right, top - 3)
        foot = brand.margins["bottom"] * 0.45
        canvas.setFillColor(hex_color(brand.color("primary")))
        canvas.rect(left, foot + 12, 24, 2, stroke=0, fill=1)
        note = " · ".join(t for t in dict.fromkeys(
            [brand.footer_text(doc.lang)] + ([brand.footer_text(doc.translation_lang)] if doc.translation_lang else []))
            if t)
        if note:
            flow = TextFlow((Span(note),), styles["Running"])
            flow.wrapOn(canvas, (right - left) * FOOTER_SHARE, 40)
            flow.drawOn(canvas, left, foot - (styles["Running"].leading - baseline_offset(styles["Running"])))
        canvas.doForm(f"footer-{canvas.getPageNumber()}")
        canvas.restoreState()

    return on_page


CHAPTER_ROOM = 0.3  # with page.chapter_break auto, a chapter starts on the same page when this much is left


def story(doc: Document, brand: Brand, styles, state: PageState, width: float, tstyles=None, height: float = 0,
          notes: int | None = 0) -> list:
    """Return the flowables of the document, in order; `tstyles` set a bilingual edition's second language.

    `height` is the body frame's height; `notes` the number of notes pages set
    before the back cover (to make the page count even, or a multiple of four),
    or None for as many as make the count a multiple of `state.keep_multiple`,
    counted as the pages before them are laid out (furniture.NotesFill).
    """
    flow: list = []
    headings = [b for b in doc.blocks if isinstance(b, Heading)]
    alone = True  # the next chapter starts a page: after the cover and the contents
    for i, block in enumerate(doc.blocks):
        if (i and isinstance(block, Table) and isinstance(doc.blocks[i - 1], Paragraph) and flow
                and doc.blocks[i - 1].style != "Lead"):  # a chapter's lead may stand apart from its table
            flow[-1].keepWithNext = True  # a table starts on the page of the text that introduces it
        if isinstance(block, Cover):
            flow += [NextPageTemplate("body"), CoverPage(block, brand, styles, doc.lang, tstyles), PageBreak()]
        elif isinstance(block, TableOfContents):
            label = f"{block.title} {block.translation}" if block.translation else block.title
            spans = (Span(block.title),) + ((Span(" "), Span(block.translation, second=True))
                                            if block.translation else ())
            title = TextFlow(spans, styles["TOC Heading"], bookmark="contents")
            title._outline = (1, label, "contents")
            flow.append(title)
            for h in headings:
                text = (Span(h.text),) + ((Span("  "), Span(h.translation, second=True)) if h.translation else ())
                flow.append(TocEntry(text, h.anchor, styles[f"TOC {h.level}"], state))
        elif isinstance(block, Heading):
            style = styles[f"Heading {block.level}"]
            if block.level == 1 and flow and not isinstance(flow[-1], PageBreak):
                following = doc.blocks[i + 1] if i + 1 < len(doc.blocks) else None
                own_page = alone or brand.chapter_break == "always" or isinstance(following, Letter)
                flow.append(PageBreak() if own_page else ChapterBreak(height * CHAPTER_ROOM))
            alone = False
            heading = TextFlow((Span(block.text),), style, bookmark=block.anchor)
            if block.level == 1 and isinstance(flow[-1:] and flow[-1], ChapterBreak):
                heading.spaceBefore = brand.base_size * 2.6  # a chapter that follows on the page stands apart
            heading._outline = (block.level, f"{block.text} {block.translation or ''}".strip(), block.anchor)
            heading.keepWithNext = True
            if block.badge:  # drawn beside the heading: the contents and bookmarks keep the plain title
                heading = furniture.BadgedHeading(heading, block.badge, styles["Figure Period"],
                                                  brand.color("accent"))
            flow.append(heading)
            if block.translation:
                second = TextFlow((Span(block.translation),), tstyles[f"Heading {block.level}"])
                second.keepWithNext = True
                flow.append(second)
            if block.level == 1:
                rule = Rule(36, 3, brand.color("accent"), style.size * 0.9)
                rule.keepWithNext = True
                flow.append(rule)
        elif isinstance(block, Paragraph):
            # a bilingual pair stands on one page (a chapter's opening pair moves with its heading if need be)
            flow.append(_pair(TextFlow(block.text, styles[block.style]),
                              block.translation and TextFlow(block.translation, tstyles[block.style])))
            following = doc.blocks[i + 1] if i + 1 < len(doc.blocks) else None
            lines = flow[-1]._content if isinstance(flow[-1], Pair) else flow[-1:]
            if isinstance(following, Chart) and _short(lines, width):
                flow[-1].keepWithNext = True  # a picture stands on the page of the few lines that introduce it
        elif isinstance(block, BulletList):
            n = len(block.items)
            for k, item in enumerate(block.items):
                second = block.translations[k] if block.translations else None
                bullet = _pair(TextFlow(item, styles[block.style]),
                               second and TextFlow(second, tstyles[block.style]))
                bullet.keepWithNext = n > 1 and k in (0, n - 2)  # no lone first or last bullet at a page's foot or head
                flow.append(bullet)
        elif isinstance(block, FigureGrid):
            if isinstance(doc.blocks[i - 1], Paragraph):  # a card stands on the page of the text it belongs to
                flow[-1].keepWithNext = True
                # a chapter's own figures may start the next page rather than leave most of this one empty
                flow[-1].loose_keep = doc.blocks[i - 1].style == "Lead"
            # a line's space under the cards before the text goes on (the text starts with no space of its own)
            grid = furniture.card_rows(block, width, brand, styles, tstyles, styles["Body Text"].leading)
            # and with the points that follow it in its item (they name what the card counts)
            grid.keepWithNext = grid.loose_keep = i + 1 < len(doc.blocks) and isinstance(doc.blocks[i + 1], BulletList)
            flow.append(grid)
        elif isinstance(block, Table):
            table = data_table(block.header, block.rows, block.widths, width, brand, styles)
            following = doc.blocks[i + 1] if i + 1 < len(doc.blocks) else None
            if len(block.rows) <= 8:  # a short table is never split: no last row alone on a page
                table = KeepTogether([table])
            table.keepWithNext = isinstance(following, BulletList)  # the points a table's figures lead into
            flow.append(table)
            if block.caption:
                flow.append(TextFlow((Span(block.caption),), styles["Caption"]))
        elif isinstance(block, Chart):  # drawn once from the data, as vectors; kept with its caption
            picture = [Spacer(width, brand.base_size * 0.8), Picture(charts.draw(block, brand, doc.lang, width))]
            if block.caption:
                caption = block.caption if isinstance(block.caption, tuple) else (Span(block.caption),)
                picture.append(TextFlow(caption, styles["Caption"]))
            else:
                picture.append(Spacer(width, brand.base_size * 0.8))
            for part in picture[:-1]:  # kept together by a keepWithNext chain (not a KeepTogether, which would
                part.keepWithNext = True  # end the chain of the heading and lines that introduce it)
            flow += picture
        elif isinstance(block, TreePageBreak):
            flow.append(PageBreak())
        elif isinstance(block, Letter):  # each language's letter complete; where it stands is settled below
            both = [(block, doc.lang)] + ([(block.translation, doc.translation_lang)] if block.translation else [])
            flow += letter.letters(block, [(one, lang, make_styles(brand, lang)) for one, lang in both], flow, brand)
            alone = False
        elif isinstance(block, NotesPage):
            flow += [PageBreak(), furniture.NotesPage(block.title, brand, styles)]
        elif isinstance(block, BackCover):
            if notes is None:
                flow.append(furniture.NotesFill(doc.notes_title, brand, styles, state))
            for _ in range(notes or 0):
                flow += [PageBreak(), furniture.NotesPage(doc.notes_title, brand, styles)]
            langs = [doc.lang] + ([doc.translation_lang] if doc.translation_lang else [])
            flow += [NextPageTemplate("cover"), PageBreak(), furniture.BackCoverPage(block, brand, styles, state, langs)]
        else:  # pragma: no cover - the tree has no other blocks
            raise TypeError(f"the PDF renderer cannot draw {type(block).__name__}")
    flow = letter.settle(flow, width, height, brand.chapter_break == "auto")
    close_chapters(flow)
    return flow


PICTURE_LEAD = 4  # lines: text this short that introduces a picture keeps with it (a longer one may part)


def _short(flowables, width: float) -> bool:
    """Return whether `flowables` (a paragraph, or its pair of languages) take PICTURE_LEAD lines or fewer."""
    lines = 0
    for f in flowables:
        f.wrap(width, 1e6)
        lines += len(f.lines)
    return lines <= PICTURE_LEAD


def _pair(first: TextFlow, second: TextFlow | None):
    """Return a paragraph, or a bilingual pair kept on one page (leading what follows as the first would)."""
    if second is None:
        return first
    pair = Pair([first, second])
    pair.keepWithNext = first.keepWithNext  # a Note still leads its text
    first.keepWithNext = second.keepWithNext = False
    return pair


def render(doc: Document, brand: Brand, path: Path | str, press=None) -> int:
    """Write `doc` as a PDF at `path`; return its page count.

    `press`, when given, takes the canvas class and returns the one to draw with
    (render/pdf/press.py: sheets with bleed and crop marks, CMYK colours).
    """
    styles = make_styles(brand, doc.lang)
    state = PageState()
    w, h = brand.page
    m = brand.margins
    body = Frame(m["left"], m["bottom"], w - m["left"] - m["right"], h - m["top"] - m["bottom"], id="body",
                 leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    full = Frame(0, 0, w, h, id="full", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    template = _Template(
        str(path), pagesize=brand.page, state=state,
        title=doc.meta.title, author=doc.meta.author, subject=doc.meta.subject,
        keywords=doc.meta.keywords, creator="Briefing", lang=doc.meta.lang,
        initialFontName=styles["Body Text"].fonts[0], initialFontSize=brand.base_size,
        displayDocTitle=True, invariant=True,
        leftMargin=m["left"], rightMargin=m["right"], topMargin=m["top"], bottomMargin=m["bottom"],
    )
    template.addPageTemplates([
        PageTemplate("cover", [full]),
        PageTemplate("body", [body], onPage=_page_decor(doc, brand, styles)),
    ])
    tstyles = translation_styles(brand, doc.translation_lang) if doc.translation_lang else None
    if doc.translation_lang:  # spans marked as the second language take that language's faces
        other = make_styles(brand, doc.translation_lang)
        styles = {name: replace(st, second_fonts=other[name].fonts, second_bold_fonts=other[name].bold_fonts)
                  for name, st in styles.items()}
    canvasmaker = _canvas_class(doc, brand, styles, state)
    # the page count is even, a multiple of four on press (a saddle-stitched booklet): notes pages before the
    # back cover make up the difference, so no blank page stands in the middle
    multiple = 4 if press else 2
    back = any(isinstance(b, BackCover) for b in doc.blocks)
    canvasmaker = press(canvasmaker) if press else canvasmaker
    # one pass: the notes pages counted as the pages before them are laid out; it is written when it comes out a
    # multiple (the back cover one page, as it is), else the passes below settle the count as they always did
    state.keep_multiple = multiple if back else 0
    template.build(story(doc, brand, styles, state, body._width, tstyles, body._height, None if back else 0),
                   canvasmaker=canvasmaker)
    if not state.keep_multiple or not state.pages % multiple:
        identify(path)
        return state.pages
    notes = 0
    while True:
        _restart(state)
        flowables = story(doc, brand, styles, state, body._width, tstyles, body._height, notes)
        state.keep_multiple = multiple if back and notes < 3 else 0  # a pass to be done again is not written
        template.build(flowables, canvasmaker=canvasmaker)
        short = -state.pages % multiple
        if not short or notes >= 3 or not back:
            identify(path)
            return state.pages
        notes += short


def _restart(state: PageState) -> None:
    """Forget what a pass learnt of the pages, before the document is laid out again."""
    state.heading_pages.clear()
    state.toc_slots.clear()
