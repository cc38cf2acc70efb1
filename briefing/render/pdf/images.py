"""Image files drawn in PDFs, read and compressed once a process instead of once a document.

ReportLab makes an image file's XObject afresh in every document: the brand's
logo (600 x 600 pixels with an alpha channel) is decoded, its 1 MB of pixels
and its mask deflated, some 25 ms a PDF. `register` gives a canvas the image as
ReportLab would have made it, from a copy kept for the file (while the file is
unchanged), so a build's second PDF, or a batch's hundredth, pays nothing: the
document's objects, their numbers and their bytes are the ones ReportLab writes.
"""
from __future__ import annotations

import copy
import os

from reportlab.pdfbase.pdfdoc import PDFImageXObject, PDFObjectReference
from reportlab.pdfgen.canvas import _digester

_MADE: dict[tuple, PDFImageXObject] = {}  # (path, mask, mtime, size) -> the XObject ReportLab made of it
_KEPT = 16  # files remembered (a long-lived preview server may see many brands)


def register(canvas, path: str, mask) -> None:
    """Give `canvas`'s document the XObject of image file `path` drawn with `mask`, as `drawImage` would make it.

    Does nothing when the document has it already; `drawImage` then finds it there.
    """
    doc = canvas._doc
    name = _digester(f"{path}{mask}".encode("utf-8"))  # the name drawImage gives a file (the path and the mask)
    reg_name = doc.getXObjectName(name)
    if doc.idToObject.get(reg_name):
        return
    try:
        stat = os.stat(path)
    except OSError:
        return  # drawImage says what is wrong
    key = (path, repr(mask), stat.st_mtime_ns, stat.st_size)
    made = _MADE.get(key)
    if made is None:
        if len(_MADE) >= _KEPT:
            _MADE.clear()
        made = _MADE[key] = PDFImageXObject(name, path, mask=mask)
    # what Canvas.drawImage does with the XObject it has just made (ReportLab 4), on a copy of the one kept
    image = copy.copy(made)
    image.name = name
    canvas._setXObjects(image)
    doc.Reference(image, reg_name)
    doc.addForm(name, image)
    smask = getattr(made, "_smask", None)
    if smask:
        del image._smask
        m_reg_name = doc.getXObjectName(smask.name)
        if not doc.idToObject.get(m_reg_name):
            smask = copy.copy(smask)
            canvas._setXObjects(smask)
            image.smask = doc.Reference(smask, m_reg_name)
        else:
            image.smask = PDFObjectReference(m_reg_name)
