"""The date a written file carries: SOURCE_DATE_EPOCH when set, else the content's own date.

Reproducible builds (https://reproducible-builds.org/specs/source-date-epoch/)
set SOURCE_DATE_EPOCH to fix every timestamp; without it a briefing is dated by
what it says (an edition's date, else the region's as_of), never by the time of
the build, so the same input still gives the same bytes. Both renderers use it:
the PDF's Info and XMP dates, the Word file's core properties and zip entries.
"""
from __future__ import annotations

import os
import re
from datetime import datetime, timezone

from briefing.errors import UsageError

FALLBACK = datetime(2000, 1, 1, tzinfo=timezone.utc)  # a tree with no date at all (tests' hand-made trees)


LAST_EPOCH = 253402300799  # 9999-12-31 23:59:59 UTC, the last second a date can name


def source_date_epoch() -> int | None:
    """Return SOURCE_DATE_EPOCH as seconds, None when it is unset or empty; raise UsageError when malformed.

    The specification asks a build to stop on a malformed value rather than guess:
    a whole number of seconds since 1970 in ASCII digits, up to the year 9999.
    ReportLab reads it too, so it is checked before anything is rendered.
    """
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()) or int(raw) > LAST_EPOCH:
        shown = raw if len(raw) <= 40 else raw[:37] + "..."
        raise UsageError(f"SOURCE_DATE_EPOCH is {shown!r}; it must be a whole number of seconds since 1970-01-01 "
                         f"(0 to {LAST_EPOCH}, digits only)",
                         hint="unset it (the briefings are then dated by their content), or set it to `date +%s`")
    return int(raw)


def file_date(content_date: str | None) -> datetime:
    """Return the UTC date to stamp a file with: SOURCE_DATE_EPOCH's, else `content_date`'s first day.

    `content_date` is written as the format writes dates: "2023", "2023-Q2", "2023-05" or "2023-05-15".
    """
    epoch = source_date_epoch()
    if epoch is not None:
        return datetime.fromtimestamp(epoch, tz=timezone.utc)
    match = re.fullmatch(r"(\d{4})(?:-(?:Q([1-4])|(\d{1,2})(?:-(\d{1,2}))?))?", (content_date or "").strip())
    if match:
        month = int(match[3]) if match[3] else (int(match[2]) - 1) * 3 + 1 if match[2] else 1
        year, day = int(match[1]), int(match[4] or 1)
        try:
            return datetime(year, month, day, tzinfo=timezone.utc)
        except ValueError:
            pass
    return FALLBACK
