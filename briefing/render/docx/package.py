"""Saving a python-docx document as a zip whose bytes depend on the document alone."""
from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from briefing.render.docx.embed import embed_fonts
from briefing.render.docx.finish import finish

STAMP = datetime(2000, 1, 1)  # a document with no date of its own (render/stamp.py gives the real ones)
ZIP_FIRST = datetime(1980, 1, 1, tzinfo=timezone.utc)  # the dates a zip entry can hold (MS-DOS dates)
ZIP_LAST = datetime(2107, 12, 31, 23, 59, 58, tzinfo=timezone.utc)


def save_reproducibly(word, path: Path, when: datetime | None = None, embed: bool = True) -> None:
    """Save a python-docx document to `path` as a zip whose bytes depend on the document alone.

    python-docx stamps each zip entry with the time of saving; here every entry
    gets `when` (default: the document's created date), Unix attributes and
    deflate, in python-docx's order. With `embed`, the faces the document names
    are embedded in it, subset (render/docx/embed.py); its package papers are
    set right (render/docx/finish.py).
    """
    when = when or word.core_properties.created or STAMP
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    # the content's date stays in the properties; a zip entry can say only 1980 to 2107 (as_of may be 1900-2200)
    zip_when = min(max(when, ZIP_FIRST), ZIP_LAST)
    buffer = io.BytesIO()
    word.save(buffer)
    with zipfile.ZipFile(buffer) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    parts = finish(parts, when)
    if embed:
        parts = embed_fonts(parts)
    with zipfile.ZipFile(path, "w") as target:
        for name, data in parts.items():
            entry = zipfile.ZipInfo(name, date_time=zip_when.timetuple()[:6])
            entry.compress_type, entry.create_system, entry.external_attr = zipfile.ZIP_DEFLATED, 3, 0o644 << 16
            target.writestr(entry, data)
