"""The staff admin's consultations: editors draft and release them, with a
warning they must answer when the timing is short or ends in a holiday."""

from django import forms
from django.contrib import admin

from core.admin import ReadOnlyAdmin, StrictAdmin

from ..models import Consultation, ConsultationEvent, SchoolHoliday
from ..services import consultation_save, timing_concerns
from .documents import DocumentInline
from .paper import RecordResponsePages
from .questions import QuestionCorrections, QuestionInline

# Addresses under /consultations/ that are not a consultation's.
RESERVED_SLUGS = {"feed", "withdraw"}


class ConsultationForm(forms.ModelForm):
    class Meta:
        model = Consultation
        fields = [
            "title",
            "slug",
            "summary",
            "audience",
            "why_now",
            "open_to_change",
            "proposal",
            "easy_read",
            "organisations",
            "areas",
            "opens_at",
            "closes_at",
            "outcome_due_on",
            "timing_reason",
            "released",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The admin's date and time boxes are introduced by plain text, not
        # labels: each gets a name a screen reader can say.
        for name, words in (("opens_at", "Opens"), ("closes_at", "Closes")):
            if name not in self.fields:
                continue  # read only, for someone who may only view it
            date, time = self.fields[name].widget.widgets
            date.attrs["aria-label"] = f"{words}: date (YYYY-MM-DD)"
            time.attrs["aria-label"] = f"{words}: time (HH:MM)"

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                f"“{slug}” is the address of another page: choose another"
            )
        return slug

    def clean(self):
        cleaned = super().clean()
        opens_at, closes_at = cleaned.get("opens_at"), cleaned.get("closes_at")
        if not (opens_at and closes_at):
            return cleaned
        if closes_at <= opens_at:
            self.add_error("closes_at", "The closing time must be after the opening")
            return cleaned
        concerns = timing_concerns(opens_at=opens_at, closes_at=closes_at)
        if concerns and not cleaned.get("timing_reason", "").strip():
            self.add_error(
                "timing_reason",
                " ".join(concerns) + " Say why in “Why this timing”.",
            )
        return cleaned


@admin.register(Consultation)
class ConsultationAdmin(RecordResponsePages, QuestionCorrections, StrictAdmin):
    form = ConsultationForm
    inlines = [QuestionInline, DocumentInline]
    list_display = ["title", "state_label", "opens_at", "closes_at", "released"]
    list_filter = ["released"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organisations", "areas"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "audience"]}),
        ("Why now (the Gunning principles)", {"fields": ["why_now", "open_to_change"]}),
        ("The document", {"fields": ["proposal", "easy_read"]}),
        ("Who and what", {"fields": ["organisations", "areas"]}),
        (
            "When",
            {"fields": ["opens_at", "closes_at", "outcome_due_on", "timing_reason"]},
        ),
        ("Publishing", {"fields": ["released"]}),
    ]

    @admin.display(description="State")
    def state_label(self, consultation):
        return consultation.state_label

    # The change and its audit row go through the service together.
    def save_model(self, request, obj, form, change):
        before = form.initial if change else {}
        changed = {
            name: before.get(name)
            for name in form.changed_data
            if name not in ("organisations", "areas")
        }
        consultation_save(
            consultation=obj,
            actor=request.user,
            changed=changed,
            organisations=form.cleaned_data.get("organisations"),
            areas=form.cleaned_data.get("areas"),
        )

    def save_related(self, request, form, formsets, change):
        # Its organisations and areas were saved, and audited, by the service
        # in save_model (instead of form.save_m2m()): the inline rows are left.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(SchoolHoliday)
class SchoolHolidayAdmin(StrictAdmin):
    list_display = ["name", "starts_on", "ends_on"]


@admin.register(ConsultationEvent)
class ConsultationEventAdmin(ReadOnlyAdmin):
    """The consultations' audit trail, read-only for everyone."""

    list_display = ["at", "kind", "consultation_title", "actor_name"]
    list_filter = ["kind"]
    list_select_related = ["actor"]
    search_fields = ["consultation_title"]
    fields = ["at", "actor_name", "kind", "consultation_title", "changes", "detail"]
