"""The staff admin's part of the forums' review: their notes on a draft, read
on the consultation's page, and the outcome ("We asked, you said, we did"),
which editors write after closing, send to the forum and publish once it has
answered. Each step goes through consultations.services.reviews, which checks
`consultations.publish_outcome` itself and writes the audit row."""

from django import forms
from django.contrib import admin

from core.admin import ReadOnlyAdmin, TabularInline
from core.admin_steps import SignOffStepsAdmin, Step
from core.forms import CleanCharField

from ..models import DraftNote, Outcome, OutcomeSignOff
from ..services import reviews as services
from .consultations import ConsultationAdmin

TEXT_MAX_CHARACTERS = 10_000


class DraftNoteInline(TabularInline):
    """The forums' notes, read-only: only forum partners write them."""

    model = DraftNote
    extra = 0
    can_delete = False
    fields = ["forum", "author", "created_at", "text"]
    readonly_fields = fields
    verbose_name_plural = "forums' notes on the draft (not published)"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # A consultation being added has no notes: no inline on that page.
        return obj is not None and super().has_view_permission(request, obj)

    def get_queryset(self, request):
        # Django's inline asks for the view permission without a consultation,
        # which the method above refuses (it keeps the inline off the add
        # page): the permission itself is checked here instead.
        notes = DraftNote.objects.select_related("forum", "author")
        if not request.user.has_perm("consultations.view_draftnote"):
            return notes.none()
        return notes


# Other modules add their own inlines to the consultation's page the same way,
# so none of them owns the list.
ConsultationAdmin.inlines = [*ConsultationAdmin.inlines, DraftNoteInline]


@admin.register(DraftNote)
class DraftNoteAdmin(ReadOnlyAdmin):
    list_display = ["consultation", "forum", "author", "created_at"]
    list_select_related = ["consultation", "forum", "author"]
    search_fields = ["consultation__title"]


@admin.register(OutcomeSignOff)
class OutcomeSignOffAdmin(ReadOnlyAdmin):
    """Written only by forum partners, through services.outcome_sign_off."""

    list_display = ["outcome", "forum", "decision", "signed_by", "at"]
    list_filter = ["decision"]
    list_select_related = ["outcome__consultation", "forum", "signed_by"]
    search_fields = ["outcome__consultation__title"]


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["consultation", "asked", "said", "did", "actions", "forum"]

    def clean_consultation(self):
        consultation = self.cleaned_data["consultation"]
        services.outcome_check_can_be_written(consultation)
        return consultation


@admin.register(Outcome)
class OutcomeAdmin(SignOffStepsAdmin):
    form = OutcomeForm
    list_display = ["__str__", "status", "forum", "published_at", "created_at"]
    list_filter = ["status"]
    list_select_related = ["consultation", "forum"]
    search_fields = ["consultation__title"]
    autocomplete_fields = ["consultation", "actions", "forum"]
    fieldsets = [
        (None, {"fields": ["consultation", "forum"]}),
        (
            "We asked, you said, we did",
            {"fields": ["asked", "said", "did", "actions"]},
        ),
    ]
    steps = (
        Step(
            name="send_for_sign_off",
            label="Send for forum sign-off",
            service=services.outcome_send_for_sign_off,
            from_status=Outcome.Status.DRAFT,
            done="Sent “{outcome}” to {outcome.forum} for sign-off.",
            done_many="Sent {count} outcome(s) for forum sign-off.",
            explanation="The forum will see the outcome in the partner area and "
            "can co-sign it, or disagree with a note published beside it. It can "
            "no longer be edited once sent.",
        ),
        Step(
            name="publish",
            label="Publish",
            service=services.outcome_publish,
            from_status=Outcome.Status.AWAITING_SIGN_OFF,
            done="Published “{outcome}”.",
            done_many="Published {count} outcome(s).",
            explanation="The outcome appears on the public site with today's date, "
            "the consultation is listed with its outcome, and everyone who asked "
            "to hear back is emailed once. It cannot be changed afterwards.",
        ),
    )
    publish_permission = services.PUBLISH
    # Who answered for the forum is in the sign-off table; this admin's
    # confirmation page names the forum alone.
    name_who_answered = False

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.fieldsets
        return [
            *self.fieldsets,
            (
                "Sign-off and publication",
                {"fields": ["status", "published_at", "sign_offs_table"]},
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["status", "published_at", "sign_offs_table"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Control characters are dropped before validation: pasted text is
        # cleaned rather than refused.
        if db_field.name in ("asked", "said", "did"):
            kwargs["form_class"] = CleanCharField
            kwargs["max_length"] = TEXT_MAX_CHARACTERS
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    # The draft and its audit row go through the service together.
    def save_model(self, request, obj, form, change):
        services.outcome_save(outcome=obj, actor=request.user)
