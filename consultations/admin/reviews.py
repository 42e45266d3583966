"""The staff admin's part of the forums' review: their notes on a draft, read
on the consultation's page, and the outcome ("We asked, you said, we did"),
which editors write after closing, send to the forum and publish once it has
answered. Each step goes through consultations.services.reviews, which checks
`consultations.publish_outcome` itself and writes the audit row."""

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import path, reverse

from core.admin import ReadOnlyAdmin, StrictAdmin, TabularInline
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


@dataclass(frozen=True)
class Step:
    """One step of the workflow: a button on the change page, and an action."""

    name: str
    label: str
    service: object
    from_status: str
    done: str
    done_many: str
    explanation: str

    @property
    def slug(self) -> str:
        return self.name.replace("_", "-")


STEPS = {
    step.name: step
    for step in (
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
}


def step_action(step: Step):
    @admin.action(description=step.label, permissions=["publish"])
    def action(model_admin, request, queryset):
        model_admin.act_on_each(
            request,
            queryset.select_related("consultation", "forum"),
            lambda outcome: step.service(outcome=outcome, actor=request.user),
            done=step.done_many,
        )

    action.__name__ = step.name
    return action


@admin.register(Outcome)
class OutcomeAdmin(StrictAdmin):
    form = OutcomeForm
    list_display = ["__str__", "status", "forum", "published_at", "created_at"]
    list_filter = ["status"]
    list_select_related = ["consultation", "forum"]
    search_fields = ["consultation__title"]
    autocomplete_fields = ["consultation", "actions", "forum"]
    actions = ["send_for_sign_off", "publish"]
    fieldsets = [
        (None, {"fields": ["consultation", "forum"]}),
        (
            "We asked, you said, we did",
            {"fields": ["asked", "said", "did", "actions"]},
        ),
    ]

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

    def view_on_site(self, outcome):
        if outcome.status == Outcome.Status.PUBLISHED:
            return outcome.get_absolute_url()
        return None

    @admin.display(description="Forum sign-off")
    def sign_offs_table(self, outcome):
        return render_to_string(
            "admin/consultations/outcome/sign_offs.html",
            {
                "outcome": outcome,
                "sign_offs": outcome.sign_offs.select_related("forum", "signed_by"),
            },
        )

    # The draft and its audit row go through the service together.
    def save_model(self, request, obj, form, change):
        services.outcome_save(outcome=obj, actor=request.user)

    def has_change_permission(self, request, obj=None):
        # Only drafts are edited: the forum signs what it was sent.
        if obj is not None and obj.status != Outcome.Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != Outcome.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return request.user.has_perm(services.PUBLISH)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Bulk delete checks no status: it would delete published outcomes.
        actions.pop("delete_selected", None)
        return actions

    send_for_sign_off = step_action(STEPS["send_for_sign_off"])
    publish = step_action(STEPS["publish"])

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                f"<path:object_id>/{step.slug}/",
                self.admin_site.admin_view(self.step_view),
                {"step_name": step.name},
                name=f"{info[0]}_{info[1]}_{step.name}",
            )
            for step in STEPS.values()
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_publish_outcome": self.has_publish_permission(request),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def step_view(self, request, object_id, step_name):
        """Confirm, then take one step: a page, so it works without JavaScript
        and says what will happen first."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        step = STEPS[step_name]
        outcome = self.get_object(request, unquote(object_id))
        if outcome is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        errors = []
        if request.method == "POST":
            try:
                step.service(outcome=outcome, actor=request.user)
            except ValidationError as error:
                errors = error.messages
            else:
                self.message_user(
                    request, step.done.format(outcome=outcome), messages.SUCCESS
                )
                return redirect(
                    reverse("admin:consultations_outcome_change", args=[outcome.pk])
                )
        answer = outcome.sign_offs.filter(forum_id=outcome.forum_id).first()
        return self.render_page(
            request,
            "admin/consultations/outcome/confirm_step.html",
            title=f"{step.label}: {outcome}",
            original=outcome,
            step=step,
            possible=outcome.status == step.from_status
            and (step.name != "publish" or answer is not None),
            answer=answer,
            errors=errors,
        )
