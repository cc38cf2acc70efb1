"""`briefing reference-doc`: write a brand's reference.docx, refusing to overwrite a designer's edits."""
from __future__ import annotations

import tempfile
from pathlib import Path

from briefing.brand import Brand
from briefing.build.atomic import write_atomically
from briefing.errors import display_path
from briefing.errors import UsageError
from briefing.render.docx.reference import NAME
from briefing.render.docx.specimen import render_specimen


def write_reference(brand: Brand, path: Path | None = None, force: bool = False) -> tuple[Path, bool]:
    """Write the brand's reference document: its styles, page, and a specimen of every style.

    `path` defaults to reference.docx beside the brand's _brand.yml. An existing
    file that differs (edited in Word, or written from an older brand file) is
    replaced only with `force`. Return the path and whether it was written.
    """
    if path is None:
        if brand.source is None:
            raise UsageError("the built-in brand has no folder to hold a reference.docx", hint="give --out PATH")
        path = Path(brand.source).parent / NAME
    path = Path(path)
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / NAME
        render_specimen(brand, fresh)
        data = fresh.read_bytes()
    if path.is_file():
        if path.read_bytes() == data:
            return path, False
        if not force:
            raise UsageError(f"{display_path(path)} exists and differs from what the brand gives "
                             "(edited in Word, or written from an older _brand.yml)",
                             hint="--force replaces it, and any edits made in Word; --out PATH writes elsewhere")
    write_atomically(path, lambda tmp: tmp.write_bytes(data))
    return path, True
