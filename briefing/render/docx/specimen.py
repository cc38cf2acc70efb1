"""The reference document's content: a briefing-like specimen with a paragraph in every style.

`render_specimen` sets it with the same writer as a briefing, so a designer
restyles in Word what the briefings really use.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from briefing.brand import Brand
from briefing.render.docx.document import _Writer
from briefing.tree import BulletList, Document, FigureCard, FigureGrid, Heading, Meta, Paragraph, Span, Table, TableOfContents


def render_specimen(brand: Brand, path: Path) -> None:
    """Write the brand's reference document to `path`: its styles and page, with a paragraph in every style.

    The styles are the brand's, with the English conventions (reference.py
    explains how a Chinese document adapts them); the specimen is set by the
    same writer as a briefing, so it looks like one.
    """
    _Specimen(specimen(brand), brand, use_reference=False).write(Path(path))


@dataclass
class Sample:
    """A specimen paragraph in a style the tree has no block for (Title, Cover Line...)."""

    style: str  # our style id
    text: str
    translation: str | None = None


class _Specimen(_Writer):
    """The writer of a reference document: a briefing's blocks and samples of the cover's styles."""

    embed_fonts = False  # a style sheet: a briefing built from it carries its own subsets

    def _sample(self, sample: Sample) -> None:
        translation = [self._r("  "), self._t(sample.translation, sample.style)] if sample.translation else []
        self._p(sample.style, self._r(sample.text), *translation)


def specimen(brand: Brand) -> Document:
    """Return the reference document's content: a paragraph in each style, named by it, in English and Chinese."""
    s = Span
    en, zh = brand.name.get("en") or "Briefing", brand.name.get("zh") or "投资简报"
    folder = brand.source.parent.name if brand.source else "built-in"
    card = FigureCard
    cards = [
        card("RMB 4.63 bn", "Figure Label · Manufacturing investment", "Figure Change · up 71.5% year on year", 1,
             "Figure Period · Q1 2023", featured=True, number=(4, 8),
             translation=card("46.3亿元", "制造业投资", "同比增长71.5%", 1, "2023年一季度",
                              number=(0, 4))),
        card("1,600", "Figure Label · Foreign-invested enterprises", "Figure Change · down 0.8%", -1,
             "Figure Period · 2022",
             translation=card("1600家", "外资企业", "同比下降0.8%", -1, "2022年", number=(0, 4))),
        card("77", "Figure Label · Fortune Global 500 projects", None, 0, "Figure Period · cumulative",
             translation=card("77个", "世界500强企业累计投资项目", None, 0, "累计", number=(0, 2))),
    ]
    blocks = [
        Sample("Note", f"Word reference document of the {folder} brand ({en}). Word briefings built with this brand "
               "take their styles, page size and margins from this file: change a style in Word (Home › Styles › "
               "Modify), save, and build again. Each paragraph below is set in the style it names.",
               "用 Word 修改本文件中的样式并保存，再次生成时 Word 简报即采用新样式。"),
        Sample("Note", "Written from _brand.yml by 'briefing reference-doc', which replaces this file, and edits made "
               "in it, only when given --force. Chinese briefings justify Body Text, give it more leading, set "
               "Latin letters in the Chinese face and use a disc for bullets, unless a style here is changed."),
        Sample("CoverKicker", "Cover Kicker · Investment briefing", "投资推介手册"),
        Sample("Title", f"Title · {en}", zh),
        Sample("Subtitle", "Subtitle · Scaling new heights", "勇攀高峰，领航制造业未来之路"),
        Sample("CoverLine", "Cover Line · Content as of May 2023", "资料截至2023年5月"),
        Sample("Note", "On the cover, Cover Kicker, Title and Subtitle are set light on a band of the brand's "
               "primary colour, whatever colour their styles give."),
        TableOfContents("TOC Heading · Contents", "目录"),
        Heading(1, "Heading 1 · Industries", "heading-1", "产业集群"),
        Paragraph((s("Lead · The opening paragraph of a chapter, a little larger than the body text."),), "Lead",
                  (s("导语：每章的第一段，字号略大于正文。"),)),
        Paragraph((s("Body Text · The text of the briefing, with "), s("bold", bold=True),
                   s(" words where the content asks for them. Figures such as RMB 4.63 billion and names such as "
                     "Hangzhou (杭州) are set in it too.")), "Body Text",
                  (s("Translation · 双语版中第二种语言的段落，例如"), s("加粗", bold=True),
                   s("的文字与数字46.3亿元。"))),
        Heading(2, "Heading 2 · Biomedicine", "heading-2", "生物医药"),
        BulletList([(s("List Bullet · A point of a list"),), (s("List Bullet · Another point"),)],
                   translations=[(s("列表项目"),), (s("另一个列表项目"),)]),
        FigureGrid(cards, columns=3),
        Table(["Table Text · Indicator", "Figure"],
              [[(s("Briefing Table · a data table's rows"),), (s("70 train pairs a day"),)],
               [(s("Its header row repeats on each page"),), (s("over 80%"),)]],
              [2, 1], caption="Caption · Table 1  Under a table or a picture, with its source"),
        Sample("Figure", "Figure · a picture drawn from the data stands in this paragraph"),
        Paragraph((s("Note · Source: a note under a section."),), "Note"),
    ]
    meta = Meta(f"{en}: Word reference document", en, "The Word styles of the briefings", ["reference", folder],
                "en-GB")
    running = brand.running_header("en", f"{en} · Word styles")
    return Document("en", meta, running, "Page {page} of {pages}", blocks, translation_lang="zh")
