"""Staff admin for experiences: read, and record ones received off-line.

Moderation (claiming, redacting, publishing) comes with the moderation issue;
until then experiences are read-only here, and contact details are shown only
to staff with `feedback.view_contact_details`.
"""

import uuid

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from letters.admin import ReadOnlyAdmin

from .. import services
from ..forms import STEP_FORMS
from ..models import District, Experience, ExperienceEvent

CONTACT_FIELDS = ["contact_email", "contact_phone"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "send_area", "order"]
    list_filter = ["kind", "send_area"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class RecordExperienceForm(forms.Form):
    source = forms.ChoiceField(
        choices=[
            choice
            for choice in Experience.Source.choices
            if choice[0] != Experience.Source.ONLINE
        ]
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)


@admin.register(Experience)
class ExperienceAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "submitted_at",
        "status",
        "respondent",
        "source",
        "safeguarding_flag",
    ]
    list_filter = [
        "status",
        "safeguarding_flag",
        "source",
        "respondent",
        "district",
        "areas",
    ]
    search_fields = ["reference"]
    date_hierarchy = "submitted_at"
    list_select_related = ["district"]
    actions = ["withdraw"]

    def has_withdraw_permission(self, request):
        return request.user.has_perm("feedback.withdraw_experience")

    @admin.action(
        description="Withdraw selected experiences (erases what was written)",
        permissions=["withdraw"],
    )
    def withdraw(self, request, queryset):
        """For people who ask by phone or email, having given no email address."""
        for experience in queryset:
            services.experience_withdraw(experience=experience, actor=request.user)
        self.message_user(
            request, f"Withdrew {queryset.count()} experience(s).", messages.SUCCESS
        )

    def get_fields(self, request, obj=None):
        fields = [
            "reference",
            "status",
            "source",
            "submitted_at",
            "recorded_by",
            "areas",
            "area_not_sure",
            "respondent",
            "age_group",
            "setting",
            "district",
            "district_prefer_not",
            "needs",
            "ehc_status",
            "what_happened",
            "what_would_help",
            "identifiers_found",
            "safeguarding_flag",
            "consent_publish",
            "consent_share",
            "consent_contact",
            *CONTACT_FIELDS,
            "withdrawn_at",
        ]
        if not request.user.has_perm("feedback.view_contact_details"):
            fields = [name for name in fields if name not in CONTACT_FIELDS]
        return fields

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_add_permission(self, request):
        # Staff record experiences through the journey's own questions
        # (record_view), never through a bare model form.
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Erasure is withdrawal (services.experience_withdraw), which keeps
        # a tombstone with the reference.
        return False

    def get_urls(self):
        return [
            path(
                "record/",
                self.admin_site.admin_view(self.record_view),
                name="feedback_experience_record",
            )
        ] + super().get_urls()

    def record_view(self, request):
        """One page with every question of the journey, for phone, paper and
        events; the same forms, so the same validation."""
        if not request.user.has_perm("feedback.add_experience"):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else None
        meta = RecordExperienceForm(
            data, initial={"submission_key": uuid.uuid4()}, prefix="record"
        )
        step_forms = {
            step: form_class(data, prefix=step)
            for step, form_class in STEP_FORMS.items()
        }
        if (
            data is not None
            and meta.is_valid()
            and all(form.is_valid() for form in step_forms.values())
        ):
            answers = {}
            for form in step_forms.values():
                answers.update(form.answers())
            experience, created = services.experience_submit(
                answers=answers,
                submission_key=meta.cleaned_data["submission_key"],
                source=meta.cleaned_data["source"],
                recorded_by=request.user,
            )
            self.message_user(
                request,
                f"Recorded experience {experience.display_reference}."
                if created
                else f"Experience {experience.display_reference} was already recorded.",
                messages.SUCCESS,
            )
            return redirect("admin:feedback_experience_change", experience.pk)
        return TemplateResponse(
            request,
            "admin/feedback/experience/record.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Record an experience",
                "meta_form": meta,
                "step_forms": step_forms.values(),
            },
        )


@admin.register(ExperienceEvent)
class ExperienceEventAdmin(ReadOnlyAdmin):
    """The audit trail, read-only for everyone."""

    list_display = ["experience", "action", "actor", "at"]
    list_filter = ["action"]
    list_select_related = ["experience", "actor"]
    search_fields = ["experience__reference"]
