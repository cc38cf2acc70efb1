"""Saving a python-docx document as a zip whose bytes depend on the document alone."""
from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

from briefing.render.docx.embed import embed_fonts

STAMP = datetime(2000, 1, 1)  # the date ReportLab's invariant PDFs carry too


def save_reproducibly(word, path: Path) -> None:
    """Save a python-docx document to `path` as a zip whose bytes depend on the document alone.

    python-docx stamps each zip entry with the time of saving; here every entry
    gets STAMP, Unix attributes and deflate, in python-docx's order. The faces
    the document names are embedded in it, subset (render/docx/embed.py).
    """
    buffer = io.BytesIO()
    word.save(buffer)
    with zipfile.ZipFile(buffer) as source:
        parts = embed_fonts({info.filename: source.read(info.filename) for info in source.infolist()})
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            entry = zipfile.ZipInfo(name, date_time=STAMP.timetuple()[:6])
            entry.compress_type, entry.create_system, entry.external_attr = zipfile.ZIP_DEFLATED, 3, 0o644 << 16
            target.writestr(entry, data)
