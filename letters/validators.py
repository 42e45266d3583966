"""Checks on uploaded attachments. The PDF check lives in core.pdf (letters'
attachments and the tracker's evidence share it); it is named here too
because the migrations of both apps refer to it by this path."""

from core.pdf import validate_pdf  # noqa: F401
