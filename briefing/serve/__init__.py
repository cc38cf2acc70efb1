"""`briefing serve`: a local live preview of one briefing, rebuilt and shown on every save."""
