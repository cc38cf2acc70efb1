"""What stays together across a page break: chains of blocks kept on one page, breaking only inside a paragraph.

ReportLab joins flowables marked `keepWithNext` with the one after them into a
`KeepTogether`, but leaves a container out of the chain (a card grid, a short
table, a chart, a bilingual pair are each a `KeepTogether`): a heading before a
card grid stood alone at a page's foot, its cards on the next page. Here:

* `handle_keep_with_next` (the document template's hook) chains containers too;
* `Keep`, the chain: kept on one page when it fits; when it does not, it breaks
  inside its last paragraph that can take the break (two lines at least each
  side, `TextFlow.split`), so what comes before that paragraph stays with its
  first lines and what comes after with its last two lines: a heading never
  ends a page, a card never starts one without the text it belongs to. With no
  paragraph to break in, the whole chain moves to the next page, unless that
  would leave more than half of the page empty: then the translation of a
  bilingual `Pair` may run on to the next page (its first language whole, the
  translation begun under it), or else the chain breaks at a loose joint (after
  a flowable marked `loose_keep`: a chapter's opening text before the chapter's
  figures, cards before the points that follow them); a chain taller than a
  page is poured as ReportLab would.
* `ChapterBreak`: where a chapter may follow the previous one on its page
  (page.chapter_break auto), a new page unless 30% of one is left, or the whole
  chapter fits in what is left (a short Sources chapter needs less).

`Keep` measures a nested container by the height of its content (ReportLab's
`KeepTogether` reports an endless height to force its own split).
"""
from __future__ import annotations

from reportlab.platypus.doctemplate import ActionFlowable, FrameBreak, NullActionFlowable
from reportlab.platypus.flowables import CondPageBreak, KeepTogether, PageBreak

from briefing.render.pdf.textflow import TextFlow

_BIG = 0xFFFFFF
_FUZZ = 0.5  # pt a head is kept under the room it is measured for
LOOSE = 0.5  # a chain that would leave more than this share of a page empty may break at a loose joint


def height(flowables: list, width: float, canv) -> float:
    """Return the height `flowables` take stacked in a frame `width` wide, spaces merged as a frame merges them."""
    total, previous_after, first = 0.0, 0.0, True
    for f in flowables:
        if isinstance(f, ActionFlowable):
            continue
        if isinstance(f, KeepTogether):
            f.wrapOn(canv, width, _BIG)
            h = f._H
        else:
            h = f.wrapOn(canv, width, _BIG)[1]
        if h <= 0:
            continue
        if not first:
            total += max(f.getSpaceBefore() - previous_after, 0) + previous_after
        first = False
        total += h
        previous_after = f.getSpaceAfter()
    return total


def _breaks(flowable) -> bool:
    """Return whether a page break may fall inside `flowable`: a paragraph that may split (two lines each side)."""
    return isinstance(flowable, TextFlow) and flowable.style.allow_split


class Pair(KeepTogether):
    """A paragraph and its translation (the bilingual edition), kept on one page."""


class Keep(KeepTogether):
    """Flowables kept on one page; if they do not fit, broken inside their last paragraph that can break."""

    def wrap(self, aW, aH):
        self._H = height(self._content, aW, self.canv)
        self._H0 = 0
        self._wrapInfo = aW, aH
        return aW, _BIG  # like KeepTogether: always asked to split, which decides

    def split(self, aW, aH):
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        content = list(self._content)
        if self._H <= aH:  # each part then placed as usual (a container first would not be placed at once)
            return [NullActionFlowable(), *content]
        frame = getattr(self, "_frame", None)
        full = getattr(frame, "_aH", None) or getattr(frame, "_height", _BIG)
        if (frame is not None and getattr(frame, "_atTop", False)) or self._H > full:
            return [NullActionFlowable(), *content]  # taller than a page: poured, breaking where it must
        broken = self._inside(content, aW, aH)
        if broken:
            return broken
        if aH > LOOSE * full:  # rather than leave most of the page empty:
            opened = []  # let a pair's translation run on to the next page, its first language whole,
            for f in content:
                opened += [f._content[0], Tail(f._content[1], f)] if isinstance(f, Pair) else [f]
            broken = self._inside(opened, aW, aH, lambda f: isinstance(f, Tail))
            if broken:
                return broken
            for j in range(len(content) - 1, 0, -1):  # or else break at a loose joint
                if getattr(content[j - 1], "loose_keep", False) and height(content[:j], aW, self.canv) <= aH:
                    return [NullActionFlowable(), *content[:j], Keep(content[j:])]
        return [FrameBreak(), *content]

    def _inside(self, content: list, aW: float, aH: float, may=_breaks) -> list | None:
        """Return `content` broken inside its last paragraph `may` allow that can take the break, or None."""
        for i in range(len(content) - 1, -1, -1):
            part = content[i]
            if not may(part):
                continue
            part = part.flow if isinstance(part, Tail) else part
            before = [f.flow if isinstance(f, Tail) else f for f in content[:i]]
            room = aH
            if before:
                room -= height(before, aW, self.canv) + max(before[-1].getSpaceAfter(), part.getSpaceBefore())
            if i < len(content) - 1:  # what follows takes the paragraph's last two lines with it
                lines = len(part.break_lines(aW))
                room = min(room, (lines - 2) * part.style.leading)
            pieces = part.split(aW, room - _FUZZ) if room > _FUZZ and _breaks(part) else []
            if len(pieces) == 2:
                head, tail = pieces
                rest = _regrouped(content[i + 1:])
                return [NullActionFlowable(), *before, head, Keep([tail, *rest]) if rest else tail]
        return None


class Tail:
    """A pair's second paragraph, marked as the one place the last resort may break a pair."""

    def __init__(self, flow: TextFlow, pair: Pair):
        self.flow, self.pair = flow, pair


def _regrouped(flowables: list) -> list:
    """Return opened flowables with each pair whole again (its first paragraph dropped, its Tail the pair)."""
    pairs = {id(f.pair._content[0]) for f in flowables if isinstance(f, Tail)}
    return [f.pair if isinstance(f, Tail) else f for f in flowables if id(f) not in pairs]


def _chains(flowable) -> bool:
    return not (isinstance(flowable, ActionFlowable) or getattr(flowable, "locChanger", False))


class ChapterBreak(CondPageBreak):
    """Start a new page unless `room` points are left, or the whole chapter after it fits in what is left.

    `chapter` (set once the story is made) holds the chapter's flowables.
    """

    def __init__(self, room: float):
        super().__init__(room)
        self.room = room
        self.chapter: list = []

    def wrap(self, availWidth, availHeight):  # noqa: N803 - ReportLab's names
        if availHeight < self.room and self.chapter:
            whole = height(self.chapter, availWidth, self.canv) + self.chapter[0].getSpaceBefore()
            self.height = min(self.room, whole + 1)
        return super().wrap(availWidth, availHeight)


def close_chapters(flow: list) -> None:
    """Give every ChapterBreak of `flow` its chapter: what follows it up to the next page or chapter break."""
    current = None
    for f in flow:
        if isinstance(f, ChapterBreak):
            current = f
        elif isinstance(f, (ActionFlowable, CondPageBreak, PageBreak)):
            current = None
        elif current is not None:
            current.chapter.append(f)


def handle_keep_with_next(flowables: list) -> None:
    """Join the flowables at the head of `flowables` marked keepWithNext, and the one after them, into a `Keep`."""
    i, n = 0, len(flowables)
    while i < n and flowables[i].getKeepWithNext() and _chains(flowables[i]):
        i += 1
    if not i:
        return
    if i < n and _chains(flowables[i]):
        i += 1
    for f in flowables[:i]:  # all of them: a chain's last one kept with a page break would be chained again
        f.__dict__["keepWithNext"] = 0
    if i > 1:
        flowables[:i] = [Keep(flowables[:i])]
