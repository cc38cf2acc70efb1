"""Briefing: bilingual, branded investment-promotion briefings from YAML."""

__version__ = "0.1.0"
