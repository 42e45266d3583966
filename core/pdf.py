"""Checks on uploaded PDFs (letters' attachments, evidence for actions): by
parsing them, not by their name or first bytes alone.

A file is refused when it is too large, does not start as a PDF, does not
parse, is also an HTML page (a polyglot a browser could run), carries
JavaScript, embedded files, launch actions or forms that run code, or whose
compressed streams expand past PDF_MAX_EXPANDED_BYTES (a "zip bomb").
"""

import re
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

PDF_MAGIC = b"%PDF-"
NOT_A_PDF = "The file must be a PDF."
# Names that make a PDF do things rather than show things.
ACTIVE_NAMES = {
    "/JS",
    "/JavaScript",
    "/Launch",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/RichMedia",
    "/XFA",
    "/GoToE",
    "/SubmitForm",
    "/ImportData",
}
HTML_MARKERS = re.compile(rb"<\s*(html|script|body|iframe|svg|!doctype)\b", re.I)
MOST_OBJECTS = 200_000
READ_CHUNK = 64 * 1024


def _refuse(message: str, code: str) -> None:
    raise ValidationError(message, code=code)


def _read_all(upload) -> bytes:
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    data = upload.read()
    upload.seek(position)
    return data


def _active(value, seen: set) -> str | None:
    """The first active name in a dictionary or array, looking inside direct
    values (indirect ones are checked as objects in their own right)."""
    if isinstance(value, IndirectObject):
        return None
    if isinstance(value, NameObject):
        return str(value) if str(value) in ACTIVE_NAMES else None
    if id(value) in seen:
        return None
    seen.add(id(value))
    for part in _parts(value):
        found = _active(part, seen)
        if found:
            return found
    return None


def _parts(value):
    """What a dictionary holds, each key (as a name) before its value; what an
    array holds; nothing in anything else."""
    if isinstance(value, DictionaryObject):
        for key, item in value.items():
            yield NameObject(str(key))
            yield item
    if isinstance(value, ArrayObject):
        yield from value


def _expanded_size(stream, budget: int) -> int:
    """How far a Flate stream inflates, reading no more than `budget` + 1."""
    filters = stream.get("/Filter")
    first = filters[0] if isinstance(filters, ArrayObject) and filters else filters
    raw = getattr(stream, "_data", b"") or b""
    if first != "/FlateDecode":
        return len(raw)
    inflater = zlib.decompressobj()
    size = 0
    try:
        for start in range(0, len(raw), READ_CHUNK):
            size += len(
                inflater.decompress(raw[start : start + READ_CHUNK], budget + 1)
            )
            while inflater.unconsumed_tail and size <= budget:
                size += len(inflater.decompress(inflater.unconsumed_tail, budget + 1))
            if size > budget:
                break
    except zlib.error:
        _refuse(NOT_A_PDF, "not_pdf")
    return size


def _check_objects(reader: PdfReader) -> None:
    budget = settings.PDF_MAX_EXPANDED_BYTES
    expanded = 0
    count = int(reader.trailer.get("/Size", 0))
    if count > MOST_OBJECTS:
        _refuse("The PDF is too complex to check. Save it again as a plain PDF.", "big")
    for found in (_active(reader.trailer, set()),):
        if found:
            _refuse_active(found)
    for number in range(1, count):
        try:
            obj = reader.get_object(number)
        except (PyPdfError, ValueError, KeyError, TypeError, RecursionError):
            _refuse(NOT_A_PDF, "not_pdf")
        if obj is None:
            continue
        found = _active(obj, set())
        if found:
            _refuse_active(found)
        if hasattr(obj, "_data"):
            expanded += _expanded_size(obj, budget - expanded)
            if expanded > budget:
                _refuse(
                    "The PDF expands to more than "
                    f"{filesizeformat(budget)} when opened. Save it again, or "
                    "split it.",
                    "expands",
                )


def _refuse_active(name: str) -> None:
    _refuse(
        f"The PDF contains {name.lstrip('/')}, which could run code on a reader's "
        "computer. Save it again as a plain PDF (print to PDF) and upload that.",
        "active",
    )


def validate_pdf(upload) -> None:
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        _refuse(f"The file must be smaller than {filesizeformat(limit)}.", "too_large")
    if not upload.name.lower().endswith(".pdf"):
        _refuse(NOT_A_PDF, "not_pdf")
    data = _read_all(upload)
    # Readers accept the header anywhere in the first kilobyte, and so does
    # an HTML page pretending to be a PDF: here it must come first.
    if not data.startswith(PDF_MAGIC) or HTML_MARKERS.search(data):
        _refuse(NOT_A_PDF, "not_pdf")
    try:
        from io import BytesIO

        reader = PdfReader(BytesIO(data), strict=False)
        reader.trailer  # noqa: B018 (parses the cross-reference table)
        if reader.is_encrypted:
            _refuse("The PDF must not need a password to open.", "encrypted")
        _check_objects(reader)
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError):
        _refuse(NOT_A_PDF, "not_pdf")
