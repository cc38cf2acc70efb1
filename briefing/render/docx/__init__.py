"""The Word renderer: the document tree + brand -> a .docx with named styles, fields and a filled contents.

`document` writes the blocks; `styles` builds the style sheet from the brand;
`reference` adopts a designer's reference.docx; `pages` models LibreOffice's
pagination for the contents' page numbers; `package` saves the zip reproducibly;
`specimen` is the reference document's content. Nothing here reads YAML.
"""
from __future__ import annotations

from briefing.render.docx.document import bookmark_names, estimate_pages, render
from briefing.render.docx.tables import value_size

__all__ = ["render", "bookmark_names", "estimate_pages", "value_size"]
