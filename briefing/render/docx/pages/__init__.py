"""Where a word processor puts each heading of a written Word file: the pages its pre-filled contents shows.

Neither Word nor LibreOffice updates a contents field when a file opens, so the
page numbers cached in it are what a reader sees first. `number_pages` lays out
the body the writer produced, as LibreOffice 7 does, from the XML itself: all a
block holds (a bilingual edition's second lines, stacked table cells, pictures)
is measured as written. The rules, each checked against LibreOffice's PDFs:

- Lines break where Unicode line breaking allows (after spaces, between Han
  characters, never before closing or after opening punctuation or around
  quotes), with the advance widths of the faces the styles name (briefing.fonts,
  measured by ReportLab); Han next to Latin letters or digits gets a fifth of an
  em between them (autoSpaceDE/DN); a full-width comma or stop may hang in the
  margin.
- A line is as high as the tallest ascent plus the deepest descent of the faces
  on it (hhea metrics rounded on LibreOffice's reference device, six units a
  twip, then to whole twips), or exactly the style's height. Proportional
  spacing (in whole percent) adds its share of the height of the line below
  (a list label aside), and under a paragraph's last line that line's own
  share, label and all.
- Spacing between paragraphs is the larger of the one's space after and the
  next one's space before; none at the top of a page, unless a page break or
  a new section starts it. At a page's foot neither the space after nor a
  line's proportional share need room. Paragraph borders add their width and
  distance; a table row is its tallest cell with the cell margins, plus its
  rules; a cell's last line is spaced by its share of 1.15 times its style's
  size instead of its own; header rows repeat on each page.
- A page may not end inside a paragraph kept together or kept with the next
  (LibreOffice moves those whole), between a paragraph and the one it keeps
  with, after a first line or before a last line (widows and orphans), inside a
  table row, or between a table's header and its first row.

The package, in the order the work is done: `faces` (line metrics and widths
of briefing.fonts' faces), `properties` (Word's properties and styles
resolved), `lines` (LibreOffice's line breaking: deliberately not
briefing.typeset's rules, see there), `blocks` (paragraphs and table rows
measured), `flow` (units filled into pages), `contents` (`number_pages`: the
PAGEREF fields shown). It must not know the YAML or the document tree: it
reads only the Word XML the writer produced.
"""
from briefing.render.docx.pages.blocks import Layout
from briefing.render.docx.pages.contents import layout_for, number_pages
from briefing.render.docx.pages.faces import Face, face
from briefing.render.docx.pages.flow import Unit, flow, paginate, units
from briefing.render.docx.pages.lines import Line, break_lines
from briefing.render.docx.pages.properties import Styles

__all__ = ["Face", "Layout", "Line", "Styles", "Unit", "break_lines", "face", "flow", "layout_for", "number_pages", "paginate",
           "units"]
