"""The content: the format (schema, format), reading files (loader), the model, numbers per language, the starter.

The content knows nothing of pages, fonts or files written; everything else reads it.
"""
