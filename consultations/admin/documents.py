"""The consultation's documents on its admin page: PDFs only, each checked
by parsing it (core.pdf), served through a view that hides a draft's."""

from django.forms.models import BaseInlineFormSet

from core.admin import TabularInline

from ..models import ConsultationDocument
from ..services import documents_save


class DocumentFormSet(BaseInlineFormSet):
    """Saves through `documents_save`, which audits each document added,
    replaced, changed or removed, as the editor in `actor` (set by the inline
    for each request)."""

    actor = None

    def save(self, commit=True):
        documents = super().save(commit=False)
        if commit and (documents or self.deleted_objects):
            documents_save(
                consultation=self.instance,
                actor=self.actor,
                documents=documents,
                deleted=self.deleted_objects,
            )
        return documents


class DocumentInline(TabularInline):
    model = ConsultationDocument
    formset = DocumentFormSet
    extra = 0
    fields = ["title", "file", "easy_read", "order"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.actor = request.user
        return formset
