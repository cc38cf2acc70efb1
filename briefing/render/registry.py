"""The renderers by format name; all share the signature render(doc, brand, path) -> pages or None."""
from __future__ import annotations

from importlib import import_module
from typing import Callable

from briefing.errors import UsageError

RENDERERS = {
    "pdf": "briefing.render.pdf",
    "docx": "briefing.render.docx",
    "print": "briefing.render.pdf.press",  # the press-ready PDF of build --print
}


SHARED = ("briefing.charts", "briefing.charts.motif", "briefing.render.stamp")  # (and the parts of ReportLab they import)


def preload_shared() -> None:
    """Import what all the renderers use, so that processes forked after it share it instead of each importing it."""
    for name in SHARED:
        import_module(name)


def renderer(fmt: str) -> Callable:
    """Return the render function for `fmt`, refusing unknown formats with the known ones."""
    if fmt not in RENDERERS:
        raise UsageError(f"no renderer for the format {fmt!r}", hint=f"known formats: {', '.join(RENDERERS)}")
    return import_module(RENDERERS[fmt]).render
