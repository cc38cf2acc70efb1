"""The layout: the content model in one language (or two), as an edition, -> the document tree.

`document` lays out chapters, cards and tables; `pictures` the charts the data
supports; `bilingual` merges two languages block by block; `markup` reads the
inline `**bold**` of content texts. The layout knows the content, never pages or files.
"""
from __future__ import annotations

from briefing.layout.document import Layout, layout

__all__ = ["Layout", "layout"]
