"""Work the formats of a build share, done once before the build forks: layouts, faces, the drawing library.

A build of four files forks one process per format (see cli._build_here). Both
need each language's laid-out document, the brand's faces registered with
ReportLab, and ReportLab's graphics (the charts; importing it imports all of
reportlab.platypus). Done in each process, that work was paid twice; done in
the parent before the fork, once, and the forked processes share it. The wall
time stays the same (both processes waited for it) and the CPU time falls.
"""
from __future__ import annotations

from pathlib import Path


def prepare(outputs, loaded, brand) -> dict[tuple[Path, str], object]:
    """Return the laid-out document of each (source file, language) of `outputs`; register the faces they use.

    `outputs` are batch.Output records, `loaded` maps each source to its
    (region, edition). Also imports the charts and their library, which both formats draw with.
    """
    import fontTools.ttLib  # noqa: F401  (both formats' PDFs widen their subsets with it: fonts/spaced.py)
    import reportlab.graphics.renderPDF  # noqa: F401  (the charts' library, and with it reportlab.platypus)
    from briefing.layout import layout
    from briefing.render.registry import preload_shared

    preload_shared()  # the charts: both formats draw them

    docs: dict[tuple[Path, str], object] = {}
    for out in outputs:
        key = (Path(out.source), out.lang)
        if key not in docs:
            region, edition = loaded[key[0]]
            docs[key] = layout(region, out.lang, edition)
    _register(brand, dict.fromkeys(part for out in outputs for part in out.lang.split("+")))
    return docs


def _register(brand, langs) -> None:
    """Register with ReportLab every face of the brand's serif and sans stacks in `langs`."""
    from briefing import fonts

    for lang in langs:
        for kind in ("serif", "sans"):
            for bold in (False, True):
                for key in brand.font_stack(kind, lang, bold):
                    fonts.register(key)


def settle() -> None:
    """Free the cycles the last build left, then freeze what survives (modules, faces, caches).

    A long-lived process (a batch worker) builds with the cyclic collector off and
    collects between files. A full collection scans every tracked object, the
    imported libraries and the parsed faces included: about 65 ms a file in a
    batch. Frozen, they are out of the collector's sight (gc.freeze), so the next
    collection scans only what the next build allocated.
    """
    import gc

    gc.collect()
    gc.freeze()


def warm_up(outputs, brand_ref: str | None) -> None:
    """Import the renderers `outputs` need and register the brand's faces, before a batch forks its workers.

    Each forked worker then shares these pages instead of importing and parsing
    for itself (about 0.3 s of CPU a worker).
    """
    from briefing.brand import resolve_brand
    from briefing.render.registry import renderer

    brand = resolve_brand(brand_ref)
    for fmt in dict.fromkeys(out.fmt for out in outputs):
        renderer(fmt)
    if any(out.fmt == "docx" for out in outputs):
        import pypdfium2  # noqa: F401  (the Word files' charts are rasterised with it)
    prepare([], {}, brand)  # ReportLab's graphics, for the charts
    langs = dict.fromkeys(part for out in outputs for part in out.lang.split("+"))
    _register(brand, langs)
