"""The welcome letter in the PDF: its flowable, and how the page is composed around it.

A letter is greeting, body at reading size, closing and the signature block at
its foot (the signatory's name and title, or the issuer's emblem and name).
Where it stands is settled once the story is built (`settle`), from the heights
of the letter(s) and of what follows:

- a short letter (a message of at most SHORT_LINES lines in the letter's
  measure) shares its page with the first chapter, which follows under it as
  any chapter follows another, when the chapter's opening fits there: a page
  holding two lines of text and a signature is a page left empty, not a
  composition (the Word file decides alike, render/docx/letter.py);
- a letter that fills more has the page to itself: set a quarter of the spare
  room below the heading, as a letter on a letterhead;
- in the bilingual edition the two letters, each complete, stand on one page
  when they take no more than TOGETHER of it (then as above), else each on a
  page of its own: two letters crammed to the foot of one page read as a form;
- a letter longer than a page becomes ordinary paragraphs that break across pages.
"""
from __future__ import annotations

import io
from dataclasses import replace

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer

from briefing.brand import Brand
from briefing.render.pdf.blocks import hex_color
from briefing.render.pdf.textflow import TextFlow, TextStyle
from briefing.tree import Letter, Span

SHORT_LINES = 3  # a message of at most this many lines is a note, not a letter that deserves a page
TOGETHER = 0.8  # the most of a page the letters (with their heading) may take to share one
OPENING_LINES = 3  # of a chapter's first paragraph, what must fit under a shared letter


def _flows(spans_list, style):
    return [TextFlow(s if isinstance(s, tuple) else (Span(s),), style) for s in spans_list]


class LetterPage(Flowable):
    """The welcome letter: greeting, body at reading size, closing, signature block, in a slightly narrower measure.

    `lead` (set by `settle`) is the space above the letter; None composes it on
    the rest of its page by itself (a quarter of the spare room above). `reserve`
    is what must still fit under it on the page (the other language's letter).
    """

    def __init__(self, letter: Letter, brand: Brand, styles: dict[str, TextStyle], lang: str):
        super().__init__()
        self.letter, self.brand, self.lang = letter, brand, lang
        self.lead: float | None = None
        self.reserve = 0.0
        body = replace(styles["Body Text"], space_after=brand.base_size * 0.9)
        self.parts: list[TextFlow] = []
        if letter.greeting:
            self.parts.append(TextFlow((Span(letter.greeting, bold=True),),
                                       replace(body, space_after=brand.base_size * 1.1)))
        self.parts += _flows(letter.body, body)
        if letter.closing:
            self.parts.append(TextFlow((Span(letter.closing),), replace(body, space_before=brand.base_size * 0.6,
                                                                       align="left")))
        name = letter.name or brand.name.get(lang, "")
        self.sign_name = TextFlow((Span(name, bold=True),), replace(styles["Heading 2"], space_before=0,
                                                                   color=brand.color("foreground")))
        self.sign_title = TextFlow((Span(letter.title),), replace(styles["Caption"], space_before=0)) \
            if letter.title else None
        self.logo = brand.logo if not letter.name else None  # the issuer signs with its emblem

    def _measure(self, width):
        return width * 0.86

    def content_height(self, width: float) -> float:
        """Return the letter's own height at `width` (the text's measure), without the space above it."""
        return self._content_height(self._measure(width))

    def body_lines(self, width: float) -> int:
        """Return how many lines the message takes at `width` (the text's measure), greeting and closing aside."""
        text_w = self._text_width(self._measure(width))
        body = self.parts[1 if self.letter.greeting else 0:len(self.parts) - (1 if self.letter.closing else 0)]
        lines = 0
        for part in body:
            part.wrap(text_w, 1e6)
            lines += len(part.lines)
        return lines

    def _text_width(self, measure: float) -> float:
        return measure - self.brand.base_size * 1.6  # right of the accent stroke

    def wrap(self, avail_width, avail_height):
        self.width, self.avail = avail_width, avail_height
        self.content = self._content_height(self._measure(avail_width))
        if self.lead is not None:
            self.above = min(self.lead, max(0.0, avail_height - self.content - self.reserve))
            self.height = self.above + self.content
            return avail_width, self.height
        self.height = max(self.content, min(avail_height, self.content * 1.0 + avail_height * 0.5))
        self.above = (self.height - self.content) * 0.25  # a quarter of the spare room above the letter
        return avail_width, min(self.height, avail_height) if self.content <= avail_height else self.content

    def _content_height(self, measure):
        width = self._text_width(measure)
        h = 0.0
        for part in self.parts:
            h += part.spaceBefore + part.wrap(width, 1e6)[1] + part.spaceAfter
        h += self.brand.base_size * 2.4  # the space above the signature, its rule
        h += self.sign_name.wrap(width, 1e6)[1]
        if self.sign_title:
            h += self.sign_title.wrap(width, 1e6)[1]
        if self.logo:
            h += 28
        return h

    def split(self, avail_width, avail_height):
        if self._content_height(self._measure(avail_width)) <= avail_height:
            return []
        return self.parts + [self.sign_name] + ([self.sign_title] if self.sign_title else [])

    def draw(self):
        c, width = self.canv, self._measure(self.width)
        top = self.height - self.above
        y = top
        c.saveState()
        c.setStrokeColor(hex_color(self.brand.color("accent")))
        c.setLineWidth(2.5)
        c.line(0, y, 0, y - self.content)  # a thin accent stroke down the letter's left edge
        c.restoreState()
        x = self.brand.base_size * 1.6
        width = self._text_width(width)
        for part in self.parts:
            y -= part.spaceBefore
            _, h = part.wrap(width, 1e6)
            part.drawOn(c, x, y - h)
            y -= h + part.spaceAfter
        y -= self.brand.base_size * 1.6
        c.saveState()
        c.setStrokeColor(hex_color(self.brand.color("rule")))
        c.setLineWidth(0.6)
        c.line(x, y, x + min(width, 160), y)
        c.restoreState()
        y -= self.brand.base_size * 0.8
        if self.logo:
            c.drawImage(str(self.logo), x, y - 26, 26, 26, mask="auto", preserveAspectRatio=True)
            nx = x + 34
        else:
            nx = x
        _, h = self.sign_name.wrap(width, 1e6)
        self.sign_name.drawOn(c, nx, y - h)
        y -= h
        if self.sign_title:
            _, h2 = self.sign_title.wrap(width, 1e6)
            self.sign_title.drawOn(c, nx, y - h2)


class LetterEnd(Flowable):
    """Where the letters end in the story: `settle` replaces it with a page break, or with nothing."""

    def __init__(self, pages: list[LetterPage], head: list, brand: Brand):
        super().__init__()
        self.pages, self.head, self.brand = pages, head, brand

    def wrap(self, avail_width, avail_height):  # pragma: no cover - settle() removes it before the build
        return 0, 0

    def draw(self):  # pragma: no cover
        pass


def letters(block: Letter, langs_styles: list[tuple[Letter, str, dict]], flow: list, brand: Brand) -> list:
    """Return the flowables of the letter(s), ended by a LetterEnd; `flow` ends with the letter's heading."""
    starts = [i for i, f in enumerate(flow) if isinstance(f, PageBreak)]
    head = flow[starts[-1] + 1:] if starts else list(flow)
    pages = [LetterPage(one, brand, st, lang) for one, lang, st in langs_styles]
    out: list = []
    for k, page in enumerate(pages):
        if k:
            out.append(_Between())
        out.append(page)
    out.append(LetterEnd(pages, head, brand))
    return out


class _Between(Spacer):
    """Between the two languages' letters: a gap on a shared page, or a page break (settle decides)."""

    def __init__(self):
        super().__init__(1, 0)


def _height(f, width: float, height: float) -> float:
    """Return the height flowable `f` takes, its spaces included (measured on a scratch canvas)."""
    h = f.wrapOn(_SCRATCH, width, height)[1]
    if isinstance(f, KeepTogether):  # it answers "too tall" to make the frame split it; its contents' height
        h = f._H
    return h + f.getSpaceBefore() + f.getSpaceAfter()


_SCRATCH = Canvas(io.BytesIO())  # what a flowable measured before the build may ask for (string widths)


def _stack(flowables, width: float, height: float) -> float:
    """Return the height `flowables` take one under the other, their spaces included."""
    return sum(_height(f, width, height) for f in flowables if not isinstance(f, (CondPageBreak, PageBreak)))


def _opening(flow: list, width: float, height: float) -> float:
    """Return what the chapter after the letter needs under it: its heading's chain and a first block (or
    its first lines, when that is a paragraph that may break)."""
    total, chain = 0.0, []
    for f in flow:
        if isinstance(f, (CondPageBreak, PageBreak)):
            if chain:
                break
            continue
        chain.append(f)
        if not getattr(f, "keepWithNext", False):
            break
    for f in chain:
        h = _height(f, width, height)
        if f is chain[-1] and isinstance(f, TextFlow):
            h = min(h, f.getSpaceBefore() + OPENING_LINES * f.style.leading)
        total += h
    return total


def settle(flow: list, width: float, height: float, auto: bool) -> list:
    """Return `flow` with each letter placed: sharing its page with the first chapter, alone on it, or apart.

    `height` is the body frame's; `auto` whether chapters may follow on a page (page.chapter_break auto).
    """
    out: list = []
    for i, item in enumerate(flow):
        if not isinstance(item, LetterEnd):
            out.append(item)
            continue
        pages, base = item.pages, item.brand.base_size
        between = base * 2.4
        head = _stack(item.head, width, height)
        own = [p.content_height(width) for p in pages]
        together = head + sum(own) + between * (len(own) - 1)
        start = next(k for k in range(len(out) - 1, -1, -1) if out[k] is pages[0])
        if together > TOGETHER * height:  # each language's letter on a page of its own, composed there by itself
            mode = "apart"
        elif (auto and all(p.body_lines(width) <= SHORT_LINES for p in pages)
              and together + _opening(flow[i + 1:], width, height) <= height):
            mode = "shared"
        else:
            mode = "together"
        for k, page in enumerate(pages):
            if mode != "apart":
                page.lead = (height - together) * 0.25 if (k == 0 and mode == "together") else 0.0
                page.reserve = sum(own[k + 1:]) + between * (len(own) - 1 - k)
        out[start:] = [(PageBreak() if mode == "apart" else Spacer(1, between)) if isinstance(f, _Between) else f
                       for f in out[start:]]
        if mode != "shared":
            out.append(PageBreak())
    return out
