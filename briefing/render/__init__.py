"""Renderers: the document tree to PDF (ReportLab) and Word (python-docx)."""
