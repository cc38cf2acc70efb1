"""The Word renderer: the document tree + brand -> a .docx with named styles, fields and a filled contents.

`document` walks the blocks, with `cover`, `tables` (data tables and figure
cards) and `fields` (the contents, header and footer) as its mixins; `styles`
builds the style sheet from the brand, over `xml` (elements in schema order,
units), `metrics` (style metrics read back) and `parts` (settings, numbering,
font table); `reference` adopts a designer's reference.docx; `pages` models
LibreOffice's pagination for the contents' page numbers; `package` saves the zip
reproducibly; `specimen` is the reference document's content. Nothing here
reads YAML.
"""
from __future__ import annotations

from briefing.render.docx.document import bookmark_names, estimate_pages, render
from briefing.render.docx.tables import value_size

__all__ = ["render", "bookmark_names", "estimate_pages", "value_size"]
