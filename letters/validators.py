"""Checks on uploaded attachments: by content and size, not by name alone."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

PDF_MAGIC = b"%PDF-"


def validate_pdf(upload):
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            f"The file must be smaller than {filesizeformat(limit)}.", code="too_large"
        )
    if not upload.name.lower().endswith(".pdf"):
        raise ValidationError("The file must be a PDF.", code="not_pdf")
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(position)
    # The PDF standard allows the header anywhere in the first 1,024 bytes.
    if PDF_MAGIC not in head:
        raise ValidationError("The file must be a PDF.", code="not_pdf")
