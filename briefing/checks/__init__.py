"""Checks beyond the format: what `briefing check` (and every build) adds to validation.

Errors stop a build: characters the fonts lack, texts too long for where they are
printed, unreadable images. Warnings are printed and do not (unless `check
--strict`): texts left untranslated or still the starter's placeholder, content
and sources older than `max_age_months`, sources no figure cites, and the same
figure stated twice with different values.

One module per family of checks (glyphs, lengths, translation, dates, figures);
`structure` locates problems in files the format refused; `run.inspect` runs them all.
"""
from __future__ import annotations

from briefing.checks.dates import MAX_AGE_MONTHS
from briefing.checks.run import inspect

__all__ = ["MAX_AGE_MONTHS", "inspect"]
