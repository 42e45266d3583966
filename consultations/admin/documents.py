"""The consultation's documents on its admin page: PDFs only, each checked
by parsing it (core.pdf), served through a view that hides a draft's."""

from core.admin import TabularInline

from ..models import ConsultationDocument


class DocumentInline(TabularInline):
    model = ConsultationDocument
    extra = 0
    fields = ["title", "file", "easy_read", "order"]
