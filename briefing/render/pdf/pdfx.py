"""PDF/X-4 for the press PDF: output intent, identification, opaque colour, one-plate text.

Used by render/pdf/press.py's canvas:

- `identify_pdfx(canvas)`: the output intent (GTS_PDFX, FOGRA39, with the
  shipped CMYK profile icc/BriefingCMYK.icc embedded; see icc/README.md for its
  origin and licence), /GTS_PDFXVersion (PDF/X-4) in the Info dictionary, an
  XMP metadata stream saying the same (pdfxid:GTS_PDFXVersion) with the Info's
  title and dates, and the PDF 1.6 header PDF/X-4 asks for;
- `flatten(colour, backdrop, alpha)`: a translucent colour as the opaque tint
  it shows over `backdrop` (normal blending in CMYK: each ink
  alpha * colour + (1 - alpha) * backdrop), so the file has no transparency;
- `text_ink(cmyk, size, chosen)`: the ink a text draw prints in. Text under
  SMALL points prints on one plate, so that it stays sharp however the plates
  register: in the one ink the brand chose for its colour (`chosen`, from
  `color.cmyk-small-text`), else as it is when the colour is one ink already,
  else in a black tint as dark as the colour prints (`black_tint`, through
  the output profile), solid 100 % K when that is SOLID or darker. At any size
  black, the dark neutrals and rich blacks (`is_black`) print 100 % K and
  lighter greys a tint of K alone; larger text in other colours stays as the
  brand gives it. Only 100 % K overprints (what it
  lies on shows through without changing it); a tint or another ink knocks
  out, as a light tint overprinting a darker ground would vanish into it.
  Rich black stays for areas only.
"""
from __future__ import annotations

import hashlib
import uuid
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase.pdfdoc import (
    PDFArray, PDFDictionary, PDFFormXObject, PDFName, PDFResourceDictionary, PDFStream, PDFString, PDFZCompress,
)

PROFILE = Path(__file__).parent / "icc" / "BriefingCMYK.icc"
CONDITION = "FOGRA39"  # the ICC registry's name of the printing condition the profile characterises
CONDITION_INFO = "Offset printing on coated paper, ISO 12647-2:2004/Amd 1 (FOGRA39)"
PDFX_VERSION = "PDF/X-4"
SMALL = 12.0  # points: text under this size is printed on one plate
DARK = 0.7  # a neutral text colour this dark (K) or darker prints as 100 % K
NEUTRAL = 0.5  # a colour whose C, M and Y stay under this and under its K is a neutral (grey) text colour
BALANCED = 0.2  # a dark colour whose C, M and Y differ by at most this is a rich black (charcoal 70/60/55/75)
SOLID = 0.85  # a black tint this dark or darker prints as solid 100 % K: clean letter edges, no halftone dots
BLACK = (0.0, 0.0, 0.0, 1.0)


@lru_cache(maxsize=1)
def profile() -> bytes:
    """Return the bytes of the shipped CMYK output profile."""
    return PROFILE.read_bytes()


@lru_cache(maxsize=1)
def _lightness():
    """Return a function giving the L* (0-100) that CMYK fractions print at, through the output profile."""
    import io

    from PIL import Image, ImageCms

    transform = ImageCms.buildTransform(ImageCms.ImageCmsProfile(io.BytesIO(profile())),
                                        ImageCms.createProfile("LAB", 5000), "CMYK", "LAB",
                                        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)

    def lightness(inks: list[tuple[float, float, float, float]]) -> list[float]:
        image = Image.new("CMYK", (len(inks), 1))
        image.putdata([tuple(round(v * 255) for v in cmyk) for cmyk in inks])
        lab = ImageCms.applyTransform(image, transform)
        return [v * 100 / 255 for v in lab.tobytes()[0::3]]  # L* of each pixel, 0-255 for 0-100

    return lightness


@lru_cache(maxsize=1)
def _black_ramp() -> list[float]:
    """Return the L* of each black tint from 0 to 100 % K, a percent at a time."""
    return _lightness()([(0.0, 0.0, 0.0, k / 100) for k in range(101)])


@lru_cache(maxsize=256)
def black_tint(cmyk: tuple[float, float, float, float]) -> float:
    """Return the black tint (0-1, whole percents) that prints as dark as CMYK `cmyk`, by the output profile."""
    (target,) = _lightness()([cmyk])
    ramp = _black_ramp()
    return next((k / 100 for k in range(101) if ramp[k] <= target + 1e-9), 1.0)


def is_black(cmyk: tuple[float, float, float, float]) -> bool:
    """Return whether a text colour is black: a dark neutral, or a rich black of balanced C, M and Y."""
    c, m, y, k = cmyk
    return k >= DARK and ((max(c, m, y) < NEUTRAL and max(c, m, y) <= k) or max(c, m, y) - min(c, m, y) <= BALANCED)


def one_ink(cmyk: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Return the one-plate value of a colour the brand chose none for: itself if one ink, else a black tint."""
    if sum(1 for v in cmyk if v > 0) <= 1:
        return cmyk
    if is_black(cmyk):
        return BLACK
    grey = black_tint(cmyk)
    return BLACK if grey >= SOLID else (0.0, 0.0, 0.0, grey)


def text_ink(cmyk: tuple[float, float, float, float], size: float,
             chosen: dict[tuple[float, float, float, float], tuple[float, float, float, float]] | None = None,
             ) -> tuple[tuple[float, float, float, float], bool]:
    """Return the CMYK a text of `size` points in colour `cmyk` prints in, and whether it overprints.

    `chosen` maps colours (CMYK fractions, rounded to 4 places) to the one ink the
    brand gives their text under SMALL points.
    """
    c, m, y, k = cmyk
    if c + m + y + k < 1e-6:  # white: knocked out of what lies below, as drawn
        return cmyk, False
    if size < SMALL:
        ink = (chosen or {}).get(tuple(round(v, 4) for v in cmyk)) or one_ink(cmyk)
    elif is_black(cmyk):
        ink = BLACK
    elif max(c, m, y) < NEUTRAL and max(c, m, y) <= k:  # a neutral grey: in K alone
        ink = (0.0, 0.0, 0.0, black_tint(cmyk))
    else:
        ink = cmyk
    return ink, ink == BLACK


def flatten(colour: tuple[float, float, float, float], backdrop: tuple[float, float, float, float],
            alpha: float) -> tuple[float, float, float, float]:
    """Return the opaque CMYK that `colour` at opacity `alpha` shows over `backdrop`."""
    return tuple(round(alpha * a + (1 - alpha) * b, 4) for a, b in zip(colour, backdrop))


class _Metadata(PDFStream):
    """The XMP packet, written from the document's Info when the file is formatted (its dates are set by then)."""

    def __init__(self):
        super().__init__(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), b"")

    def format(self, document):
        content = xmp(document)  # uncompressed, so that any tool can read it
        dictionary = PDFDictionary(dict(self.dictionary.dict, Length=len(content)))
        return dictionary.format(document) + b"\nstream\n" + content + b"\nendstream\n"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def xmp(document) -> bytes:
    """Return the XMP packet for ReportLab `document`: its Info's title, author, dates, and the PDF/X version."""
    info, stamp = document.info, document._timeStamp
    y, mo, d, h, mi, s = stamp.YMDhms
    when = f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}Z"
    seed = f"{info.title}\n{info.author}\n{when}\n{PDFX_VERSION}".encode("utf-8")
    doc_id = uuid.UUID(bytes=hashlib.sha256(seed).digest()[:16])
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{_esc(info.title)}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{_esc(info.author)}</rdf:li></rdf:Seq></dc:creator>
   <xmp:CreateDate>{when}</xmp:CreateDate>
   <xmp:ModifyDate>{when}</xmp:ModifyDate>
   <xmp:MetadataDate>{when}</xmp:MetadataDate>
   <xmp:CreatorTool>{_esc(info.creator)}</xmp:CreatorTool>
   <pdf:Producer>{_esc(info.producer)}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>uuid:{doc_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{doc_id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")


def _info_class(base: type) -> type:
    class PDFXInfo(base):
        """ReportLab's Info dictionary with the PDF/X version key."""

        def format(self, document):
            text = super().format(document)
            key = b"/GTS_PDFXVersion " + PDFString(PDFX_VERSION).format(document)
            return text.replace(b"<<", b"<<\n" + key, 1)

    return PDFXInfo


def identify_pdfx(canvas) -> None:
    """Give `canvas`'s document the PDF/X-4 output intent, Info key, XMP metadata and version header."""
    doc = canvas._doc
    icc = PDFStream(PDFDictionary({"N": 4}), profile(), filters=[PDFZCompress])
    intent = PDFDictionary({
        "Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFX"),
        "OutputConditionIdentifier": PDFString(CONDITION), "OutputCondition": PDFString(CONDITION_INFO),
        "RegistryName": PDFString("http://www.color.org"), "Info": PDFString(CONDITION_INFO),
        "DestOutputProfile": doc.Reference(icc),
    })
    catalog = doc.Catalog
    catalog.__NoDefault__ = list(catalog.__NoDefault__) + ["OutputIntents"]
    catalog.OutputIntents = PDFArray([intent])
    catalog.Metadata = _Metadata()
    if type(doc.info).__name__ != "PDFXInfo":
        doc.info.__class__ = _info_class(type(doc.info))
    doc._pdfVersion = max(tuple(doc._pdfVersion), (1, 6))


class _FormWithStates(PDFFormXObject):
    """A ReportLab form whose resources name the graphics states (overprint) and colour spaces it uses.

    ReportLab 4-5 record them on the form but leave them out of its /Resources,
    so a form drawing overprinting text points at a state strict readers
    (MuPDF) cannot find.
    """

    def format(self, document):
        if not self.Resources:
            resources = PDFResourceDictionary()
            resources.basicFonts()
            resources.allProcs() if self.hasImages else resources.basicProcs()
            if self.XObjects:
                resources.XObject = self.XObjects
            if self.ExtGState:
                resources.ExtGState = self.ExtGState
            resources.setColorSpace(getattr(self, "_colorsUsed", {}))
            self.Resources = resources
        return super().format(document)


def complete_form(form) -> None:
    """Make a ReportLab form object list its graphics states and colour spaces among its resources."""
    if type(form) is PDFFormXObject:
        form.__class__ = _FormWithStates
