"""The bilingual edition: two single-language trees merged block by block.

Both trees come from the same layout of the same content, so they have the
same blocks in the same order; each block of the first language carries its
counterpart as a translation, which renderers set directly below it.
"""
from __future__ import annotations

from dataclasses import replace

from briefing.tree import (
    BackCover, BulletList, Chart, Cover, Document, FigureGrid, Heading, Inline, Letter, Meta, NotesPage, Paragraph,
    Span, Table, TableOfContents, plain,
)


def stacked(first: Inline, second: Inline) -> Inline:
    """Return one cell's text: the first language, a line break, the second (in its own faces).

    A value both languages write alike (20.18%) is printed once.
    """
    if plain(first).strip() == plain(second).strip():
        return tuple(first)
    return tuple(first) + (Span("\n"),) + tuple(replace(span, second=True) for span in second)


def stacked_once(first: Inline, second: Inline) -> Inline:
    """Return a cell in both languages, or once when both write it alike."""
    if "".join(s.text for s in first) == "".join(s.text for s in second):
        return tuple(first)
    return stacked(first, second)


def merge_block(a, b):
    """Return block `a` carrying `b` (the same block in the second language) as its translation."""
    if type(a) is not type(b):
        raise ValueError(f"the two layouts differ: {type(a).__name__} against {type(b).__name__}")
    if isinstance(a, Cover):
        return replace(a, translation=b)
    if isinstance(a, TableOfContents):
        return replace(a, translation=b.title)
    if isinstance(a, Heading):
        badge = f"{a.badge} {b.badge}" if a.badge and b.badge and a.badge != b.badge else a.badge
        return replace(a, translation=b.text, badge=badge)
    if isinstance(a, (Letter, BackCover)):
        return replace(a, translation=b)
    if isinstance(a, NotesPage):
        return replace(a, translation=b.title)
    if isinstance(a, Paragraph):
        return replace(a, translation=b.text)
    if isinstance(a, BulletList):
        return replace(a, translations=list(b.items))
    if isinstance(a, FigureGrid):
        return replace(a, cards=[replace(x, translation=y) for x, y in zip(a.cards, b.cards)])
    if isinstance(a, Table):  # a cell written alike in both languages ("20.18%") is printed once
        return replace(
            a,
            header=[stacked_once((Span(x),), (Span(y),)) for x, y in zip(a.header, b.header)],
            rows=[[stacked_once(x, y) for x, y in zip(ra, rb)] for ra, rb in zip(a.rows, b.rows)],
            caption=f"{a.caption}\n{b.caption}" if a.caption and b.caption else a.caption,
        )
    if isinstance(a, Chart):  # drawn once, its labels in both languages; its source line in both languages
        if a.kind == "qr":  # a code and an address: the same in both languages
            return a
        caption = stacked((Span(a.caption),), (Span(b.caption),)) if a.caption and b.caption else a.caption
        return replace(a, caption=caption, translation=b, alt=f"{a.alt}\n{b.alt}")
    return a  # page breaks


def merge(first: Document, second: Document) -> Document:
    """Return the bilingual document: `first`'s blocks, each followed by `second`'s."""
    if len(first.blocks) != len(second.blocks):
        raise ValueError("the two layouts differ in length")
    meta = Meta(
        title=f"{first.meta.title} | {second.meta.title}",
        author=first.meta.author,
        subject=first.meta.subject,
        keywords=first.meta.keywords + [k for k in second.meta.keywords if k not in first.meta.keywords],
        lang=first.meta.lang,
        date=first.meta.date,
    )
    return Document(
        lang=first.lang,
        meta=meta,
        running_title=first.running_title,
        translation_running_title=second.running_title,
        page_label=f"{first.page_label}  {second.page_label}",
        notes_title=f"{first.notes_title} {second.notes_title}",
        blocks=[merge_block(a, b) for a, b in zip(first.blocks, second.blocks)],
        translation_lang=second.lang,
    )
