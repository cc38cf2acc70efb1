"""Dates: content and sources older than the age a briefing may have."""
from __future__ import annotations

import calendar
import re
from datetime import date


from briefing.errors import Problem
from briefing.content.model import Region



MAX_AGE_MONTHS = 12


def period_end(value: str) -> date | None:
    """Return the last day of a period written YYYY, YYYY-Qn, YYYY-MM or YYYY-MM-DD (None if not one)."""
    m = re.fullmatch(r"(\d{4})(?:-(?:Q([1-4])|(\d{2}))(?:-(\d{2}))?)?", str(value))
    if not m:
        return None
    year = int(m.group(1))
    try:
        if m.group(4):
            return date(year, int(m.group(3)), int(m.group(4)))
        month = int(m.group(2)) * 3 if m.group(2) else int(m.group(3) or 12)
        return date(year, month, calendar.monthrange(year, month)[1])
    except ValueError:
        return None


def add_months(day: date, months: int) -> date:
    """Return `day` moved `months` later, on the same day of the month or the month's last."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def stale(region: Region, max_age_months: int, today: date, locations: dict[str, tuple[int, int]],
           file: str) -> list[Problem]:
    """Return a warning for the content's date and each source's date older than `max_age_months`."""
    if max_age_months <= 0:
        return []
    problems = []
    span = f"{max_age_months} month{'s' if max_age_months != 1 else ''}"
    dated = [("as_of", region.as_of, f"the content is dated {region.as_of}, more than {span} ago; "
              "check the texts and figures, then update as_of")]
    dated += [(src.path + ".date", src.date, f"the source {src.id!r} is dated {src.date}, more than {span} ago; "
               "is there a newer edition?") for src in region.sources]
    for path, value, message in dated:
        end = period_end(value)
        if end is not None and add_months(end, max_age_months) < today:
            problems.append(Problem(file, *locations.get(path, (0, 0)), path, message, "warning"))
    return problems
