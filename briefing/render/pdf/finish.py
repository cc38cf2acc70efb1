"""The PDF's identity: its dates, its /ID and how it opens.

- `date_canvas(canvas, when)`: the Info dates (CreationDate, ModDate) become
  `when` (render/stamp.py: SOURCE_DATE_EPOCH or the content's date) instead of
  ReportLab's invariant 2000-01-01;
- `open_on_outline(canvas)`: the viewer opens with the bookmarks panel shown
  (/PageMode /UseOutlines);
- `identify(path)`: once the file is written, both halves of the trailer's /ID
  become a hash of the file's bytes, rewritten in place (same length, so the
  cross-reference offsets stay right). ReportLab's invariant mode gives every
  file the same /ID; this way files of different content, and the screen and
  press files, differ, while a rebuild of the same content is byte-identical.
"""
from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path

_ID = re.compile(rb"/ID\s*\n?\[<([0-9a-fA-F]{32})><\1>\]")


class _Stamp:
    """What ReportLab's PDFDate reads from a timestamp (reportlab.lib.utils.TimeStamp), for a given UTC date."""

    def __init__(self, when: datetime):
        self.t = when.timestamp()
        self.YMDhms = (when.year, when.month, when.day, when.hour, when.minute, when.second)
        self.dhh = self.dmm = 0
        self.tzname = "UTC"
        self.lt = self.YMDhms


def date_canvas(canvas, when: datetime) -> None:
    """Make the Info dictionary of `canvas`'s document carry `when` as its creation and modification date."""
    canvas._doc._timeStamp = _Stamp(when)


def open_on_outline(canvas) -> None:
    """Make the viewer open the document with its bookmarks (outline) panel shown."""
    canvas.showOutline()


def identify(path: Path | str) -> None:
    """Rewrite the /ID of the PDF at `path` as the first 16 bytes of the SHA-256 of its content."""
    path = Path(path)
    data = path.read_bytes()
    match = None
    for match in _ID.finditer(data):
        pass  # the last trailer's
    if match is None:
        return
    digest = hashlib.sha256(data[:match.start()] + data[match.end():]).hexdigest()[:32].encode()
    new = data[:match.start(1)] + digest + b"><" + digest + data[match.start(1) + 66:]
    assert len(new) == len(data)
    path.write_bytes(new)
