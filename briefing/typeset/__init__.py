"""Typesetting: mixed Chinese/Latin text broken into lines as a Chinese reader expects, with no renderer.

The stage between the document tree and the renderers. `atoms` cuts text into
unbreakable units and knows the kinsoku classes; `linebreak` breaks and sets
lines (text in, lines of positioned boxes out); `metrics` is all it asks of
fonts (which characters they have, how wide), through a `FontMetrics` a
renderer hands in; `style` is the paragraph style. It must not import any
renderer or ReportLab, nor any stage of ours but briefing.tree and errors.
"""
from briefing.typeset.linebreak import Box, Line, break_lines, line_text
from briefing.typeset.metrics import FontMetrics, Measure
from briefing.typeset.style import TextStyle, baseline_offset

__all__ = ["Box", "FontMetrics", "Line", "Measure", "TextStyle", "baseline_offset", "break_lines", "line_text"]
