"""Staff admin for experiences: the moderation queue, the read page with
its audit trail, staff entry of an experience, themes, districts, and the
read-only audit trails. The moderation, safeguarding and contact-details
pages are in moderation.py, the list filters in filters.py.

Every decision goes through feedback.services, which checks the permission,
the claim and the version again: the pages here only ask and explain.
"""

import uuid

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Value, When
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html

from core.admin import AuditTrailAdmin, ReadOnlyAdmin, StrictAdmin

from .. import selectors, services
from ..filters import filters_in_words
from ..forms import STEP_FORMS
from ..journey import experience_answers
from ..models import District, Experience, ExperienceEvent, ExportEvent, Theme
from ..text_checks import mask_identifiers
from .filters import SafeguardingFilter, SendAreaFilter, StatusFilter
from .moderation import (
    DECIDE_SAFEGUARDING,
    MODERATE,
    VIEW_CONTACT_DETAILS,
    VIEW_ORIGINAL_TEXT,
    ModerationPages,
)

# The order of ExperienceQuerySet.moderation_queue, for the changelist, which
# shows every status: flags still awaiting a decision first, then oldest first.
AWAITING_SAFEGUARDING_FIRST = Case(
    When(safeguarding_flag=True, safeguarding_decision="", then=Value(0)),
    default=Value(1),
)


def yes_or_no(field_name: str, description: str):
    """A read-only yes/no in words: Django's icons are images whose text
    reads "True" or "False"."""

    @admin.display(description=description, ordering=field_name)
    def show(self, experience):
        return "Yes" if getattr(experience, field_name) else "No"

    return show


@admin.register(District)
class DistrictAdmin(StrictAdmin):
    list_display = ["name", "kind", "send_area", "order"]
    list_filter = ["kind", SendAreaFilter]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Theme)
class ThemeAdmin(StrictAdmin):
    """Themes are editable data: moderators tag experiences with them."""

    fields = ["name", "slug", "description"]
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
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
class ExperienceAdmin(ModerationPages, ReadOnlyAdmin):
    """The changelist is the moderation queue; the change page reads an
    experience with its audit trail; moderation, safeguarding and contact
    details have pages of their own (ModerationPages).

    Read-only as a model form: staff record experiences through the journey's
    own questions (record_view), changes are decisions made on the moderation
    and safeguarding pages through feedback.services, and erasure is
    withdrawal (services.experience_withdraw), which keeps a tombstone with
    the reference."""

    list_display = [
        "reference_number",
        "submitted_at",
        "status",
        "claimed",
        "flag",
        "consent_to_publish",
    ]
    list_filter = [
        StatusFilter,
        SafeguardingFilter,
        "consent_publish",
        "source",
        "respondent",
        "district",
        "areas",
    ]
    search_fields = ["reference"]
    date_hierarchy = "submitted_at"
    list_select_related = ["claimed_by"]
    ordering = [AWAITING_SAFEGUARDING_FIRST.asc(), "submitted_at", "pk"]
    actions = ["withdraw"]
    # get_absolute_url is this very page: no "View on site" link to itself.
    view_on_site = False
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "reference_number",
                    "status",
                    "source",
                    "submitted_at",
                    "recorded_by",
                ]
            },
        ),
        (
            "About them",
            {
                "fields": [
                    "areas",
                    "area_not_sure_answer",
                    "respondent",
                    "age_group",
                    "setting",
                    "district",
                    "district_prefer_not_answer",
                    "needs",
                    "ehc_status",
                ]
            },
        ),
        (
            "What they wrote",
            {"fields": ["what_happened", "what_would_help", "identifiers_found"]},
        ),
        (
            "Consents",
            {
                "fields": [
                    "consent_publish_answer",
                    "consent_share_answer",
                    "consent_contact_answer",
                ]
            },
        ),
        (
            "Moderation",
            {
                "fields": [
                    "public_version",
                    "themes",
                    "claimed_by",
                    "claimed_at",
                    "decline_reason",
                    "decline_note",
                    "moderated_at",
                    "version",
                ]
            },
        ),
        (
            "Safeguarding",
            {
                "fields": [
                    "safeguarding_flag_answer",
                    "safeguarding_decision",
                    "safeguarding_note",
                    "safeguarding_decided_by",
                    "safeguarding_decided_at",
                ]
            },
        ),
        ("Withdrawal", {"fields": ["withdrawn_at"]}),
    ]
    # Contact details are not among them: they are shown only on request,
    # and each look is audited (contact_details_view).
    readonly_fields = [
        *(name for _, options in fieldsets for name in options["fields"]),
        "what_happened_masked",
        "what_would_help_masked",
    ]

    area_not_sure_answer = yes_or_no("area_not_sure", "Not sure which area")
    district_prefer_not_answer = yes_or_no(
        "district_prefer_not", "Prefers not to give the district"
    )
    consent_publish_answer = yes_or_no("consent_publish", "Consent to publish")
    consent_share_answer = yes_or_no("consent_share", "Consent to share with forums")
    consent_contact_answer = yes_or_no("consent_contact", "Consent to be contacted")
    safeguarding_flag_answer = yes_or_no("safeguarding_flag", "Flagged")

    @admin.display(description="What happened")
    def what_happened_masked(self, experience):
        return mask_identifiers(experience.what_happened)

    @admin.display(description="What would have helped")
    def what_would_help_masked(self, experience):
        return mask_identifiers(experience.what_would_help)

    def get_fieldsets(self, request, obj=None):
        # Readers without the right to the original (analysts) see detected
        # personal details masked; a look at the original is audited in
        # render_change_form.
        if request.user.has_perm(VIEW_ORIGINAL_TEXT):
            return self.fieldsets
        masked = {
            "what_happened": "what_happened_masked",
            "what_would_help": "what_would_help_masked",
        }
        return [
            (name, {**options, "fields": [masked.get(f, f) for f in options["fields"]]})
            for name, options in self.fieldsets
        ]

    @admin.display(description="Reference", ordering="reference")
    def reference_number(self, experience):
        return experience.display_reference

    @admin.display(description="Claimed by", ordering="claimed_by")
    def claimed(self, experience):
        if experience.claimed_by_id is None:
            return None
        if services.claim_is_live(experience):
            return str(experience.claimed_by)
        return f"{experience.claimed_by} (lapsed)"

    @admin.display(
        description="Safeguarding flag", ordering=AWAITING_SAFEGUARDING_FIRST
    )
    def flag(self, experience):
        if not experience.safeguarding_flag:
            return None
        if experience.awaits_safeguarding:
            return format_html("<strong>{}</strong>", "Awaiting decision")
        return experience.get_safeguarding_decision_display()

    @admin.display(description="Consent to publish", ordering="consent_publish")
    def consent_to_publish(self, experience):
        return "Yes" if experience.consent_publish else "No"

    @admin.display(description="Moderate")
    def moderate_link(self, experience):
        if experience.status == Experience.Status.WITHDRAWN:
            return None
        return format_html(
            '<a href="{}">Moderate<span class="visually-hidden"> {}</span></a>',
            reverse("admin:feedback_experience_moderate", args=[experience.pk]),
            experience.display_reference,
        )

    @admin.display(description="Safeguarding decision")
    def safeguarding_link(self, experience):
        if not experience.safeguarding_flag:
            return None
        return format_html(
            '<a href="{}">{}<span class="visually-hidden"> {}</span></a>',
            reverse("admin:feedback_experience_safeguarding", args=[experience.pk]),
            "Decide" if experience.awaits_safeguarding else "See decision",
            experience.display_reference,
        )

    def get_list_display(self, request):
        # Links to the pages the user may use, and only those.
        columns = list(self.list_display)
        if request.user.has_perm(MODERATE):
            columns.append("moderate_link")
        if request.user.has_perm(DECIDE_SAFEGUARDING):
            columns.append("safeguarding_link")
        return columns

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(
            request, queryset, selectors.reference_as_stored(search_term)
        )

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

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        # The read page also shows the audit trail and the ways onward.
        if obj is not None:
            user = request.user
            if user.has_perm(VIEW_ORIGINAL_TEXT) and obj.what_happened:
                services.experience_original_viewed(
                    experience=obj, actor=user, page="details"
                )
            context.update(
                events=obj.events.all(),
                can_moderate=user.has_perm(MODERATE),
                can_decide_safeguarding=user.has_perm(DECIDE_SAFEGUARDING),
                can_view_contact_details=user.has_perm(VIEW_CONTACT_DETAILS),
            )
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def get_urls(self):
        return [
            path(
                "record/",
                self.admin_site.admin_view(self.record_view),
                name="feedback_experience_record",
            ),
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
                answers=experience_answers(answers),
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
        return self.render_page(
            request,
            "admin/feedback/experience/record.html",
            title="Record an experience",
            meta_form=meta,
            step_forms=step_forms.values(),
        )


@admin.register(ExperienceEvent)
class ExperienceEventAdmin(AuditTrailAdmin):
    """The audit trail, read-only for everyone."""

    audited = "experience"
    search_fields = ["experience__reference"]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(
            request, queryset, selectors.reference_as_stored(search_term)
        )


@admin.register(ExportEvent)
class ExportEventAdmin(ReadOnlyAdmin):
    """Who exported what, read-only for everyone."""

    list_display = ["at", "action", "actor_name", "row_count", "with_contact_details"]
    list_filter = ["action", "with_contact_details"]
    list_select_related = ["actor"]
    date_hierarchy = "at"
    # The filters in the insights form's words, not as stored.
    exclude = ["filters"]
    readonly_fields = ["filters_used"]

    @admin.display(description="filters")
    def filters_used(self, event):
        words = filters_in_words(event.filters)
        return "; ".join(f"{label}: {value}" for label, value in words) or (
            "None: every experience"
        )
