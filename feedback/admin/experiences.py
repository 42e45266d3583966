"""Staff admin for experiences: the moderation queue, the moderation and
safeguarding pages, the audited view of contact details, themes, districts,
and the read-only audit trails.

Every decision goes through feedback.services, which checks the permission,
the claim and the version again: the pages here only ask and explain.
"""

import uuid
from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Value, When
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from core.admin import ReadOnlyAdmin, StrictAdmin

from .. import services
from ..forms import STEP_FORMS
from ..journey import experience_answers
from ..models import District, Experience, ExperienceEvent, ExportEvent, Theme
from ..moderation_forms import (
    FlagForm,
    ModerationForm,
    SafeguardingForm,
    TakeDownForm,
    error_list,
)
from ..text_checks import find_identifiers, identifier_spans, mask_identifiers

MODERATE = "feedback.moderate_experience"
DECIDE_SAFEGUARDING = "feedback.decide_safeguarding"
VIEW_CONTACT_DETAILS = "feedback.view_contact_details"
VIEW_ORIGINAL_TEXT = "feedback.view_original_text"

# The order of ExperienceQuerySet.moderation_queue, for the changelist, which
# shows every status: flags still awaiting a decision first, then oldest first.
AWAITING_SAFEGUARDING_FIRST = Case(
    When(safeguarding_flag=True, safeguarding_decision="", then=Value(0)),
    default=Value(1),
)
# Edits that change the public version, for "saved by" beside a stale edit.
TEXT_CHANGES = [
    ExperienceEvent.Action.SAVED,
    ExperienceEvent.Action.PUBLISHED,
    ExperienceEvent.Action.NOT_PUBLISHED,
]


def reference_as_stored(search_term: str) -> str:
    """A search for a reference as displayed (ABCD-EFGH) or read out with
    spaces, as references are stored: eight capitals, no hyphen."""
    return search_term.replace("-", "").replace(" ", "").upper()


def highlight_identifiers(text: str):
    """`text`, escaped, with the personal details text_checks finds in <mark>,
    each named for screen readers (which do not announce <mark>)."""
    pieces = []
    position = 0
    for start, end, kind in identifier_spans(text):
        pieces.append(text[position:start])
        pieces.append(
            format_html(
                '<mark>{}<span class="visually-hidden"> (possible {})</span></mark>',
                text[start:end],
                kind,
            )
        )
        position = end
    pieces.append(text[position:])
    return format_html_join("", "{}", ((piece,) for piece in pieces))


def original_text(experience: Experience) -> str:
    """What the moderator starts from when there is no public version yet."""
    return "\n\n".join(
        part for part in [experience.what_happened, experience.what_would_help] if part
    )


def yes_or_no(field_name: str, description: str):
    """A read-only yes/no in words: Django's icons are images whose text
    reads "True" or "False"."""

    @admin.display(description=description, ordering=field_name)
    def show(self, experience):
        return "Yes" if getattr(experience, field_name) else "No"

    return show


class SendAreaFilter(admin.SimpleListFilter):
    """Districts by Kent SEND area, those with none named as such: Django's
    own filter shows a blank area as a link with no words (axe link-name)."""

    title = "Kent SEND area"
    parameter_name = "send_area"
    NONE = "none-given"

    def lookups(self, request, model_admin):
        areas = (
            District.objects.order_by("send_area")
            .values_list("send_area", flat=True)
            .distinct()
        )
        return [(area or self.NONE, area or "None given") for area in areas]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(send_area="" if value == self.NONE else value)


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


class StatusFilter(admin.SimpleListFilter):
    """Shows what is left to moderate unless asked for another status."""

    title = "status"
    parameter_name = "status"
    TO_MODERATE = "to-moderate"
    EVERY = "all"

    def lookups(self, request, model_admin):
        return [
            (self.TO_MODERATE, "To moderate (new or in review)"),
            *Experience.Status.choices,
            (self.EVERY, "All"),
        ]

    def value(self):
        value = super().value()
        known = {lookup for lookup, _ in self.lookup_choices}
        return value if value in known else self.TO_MODERATE

    def choices(self, changelist):
        # No Django "All" entry: no parameter means "to moderate" here.
        current = self.value()
        for lookup, title in self.lookup_choices:
            yield {
                "selected": current == lookup,
                "query_string": changelist.get_query_string(
                    {self.parameter_name: lookup}
                ),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value()
        if value == self.EVERY:
            return queryset
        if value == self.TO_MODERATE:
            return queryset.filter(status__in=services.OPEN)
        return queryset.filter(status=value)


class SafeguardingFilter(admin.SimpleListFilter):
    title = "safeguarding"
    parameter_name = "safeguarding"

    def lookups(self, request, model_admin):
        return [
            ("awaiting", "Awaiting a decision"),
            *Experience.SafeguardingDecision.choices,
            ("not-flagged", "Not flagged"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "awaiting":
            return queryset.filter(safeguarding_flag=True, safeguarding_decision="")
        if value in Experience.SafeguardingDecision.values:
            return queryset.filter(safeguarding_flag=True, safeguarding_decision=value)
        if value == "not-flagged":
            return queryset.filter(safeguarding_flag=False)
        return queryset


@admin.register(Experience)
class ExperienceAdmin(StrictAdmin):
    """The changelist is the moderation queue; the change page reads an
    experience with its audit trail; moderation, safeguarding and contact
    details have pages of their own (get_urls)."""

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
            request, queryset, reference_as_stored(search_term)
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

    def has_add_permission(self, request):
        # Staff record experiences through the journey's own questions
        # (record_view), never through a bare model form.
        return False

    def has_change_permission(self, request, obj=None):
        # Changes are decisions, made on the moderation and safeguarding
        # pages through feedback.services.
        return False

    def has_delete_permission(self, request, obj=None):
        # Erasure is withdrawal (services.experience_withdraw), which keeps
        # a tombstone with the reference.
        return False

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
        def view(function, route, name):
            return path(
                route,
                self.admin_site.admin_view(function),
                name=f"feedback_experience_{name}",
            )

        return [
            view(self.record_view, "record/", "record"),
            view(self.moderate_view, "<int:pk>/moderate/", "moderate"),
            view(self.safeguarding_view, "<int:pk>/safeguarding/", "safeguarding"),
            view(
                self.contact_details_view,
                "<int:pk>/contact-details/",
                "contact_details",
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

    # Moderation ------------------------------------------------------------

    def _experience(self, pk) -> Experience:
        return get_object_or_404(
            Experience.objects.select_related(
                "claimed_by", "safeguarding_decided_by", "district"
            ).prefetch_related("areas"),
            pk=pk,
        )

    def _page_context(self, request, experience, title, problems):
        """The moderation and safeguarding pages show what the person wrote:
        each showing is audited."""
        if experience.what_happened:
            services.experience_original_viewed(
                experience=experience, actor=request.user, page=title
            )
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": experience,
            "title": title,
            "problems": problems,
            "what_happened": highlight_identifiers(experience.what_happened),
            "what_would_help": highlight_identifiers(experience.what_would_help),
            "identifier_kinds": find_identifiers(original_text(experience)),
            "flags": experience.events.filter(action=ExperienceEvent.Action.FLAGGED),
        }

    def moderate_view(self, request, pk):
        """The original beside the public version; claim, save, publish, not
        publish, flag. A refused decision keeps what was typed."""
        if not request.user.has_perm(MODERATE):
            raise PermissionDenied
        experience = self._experience(pk)
        form = flag_form = take_down_form = stale = None
        details_found = False
        refusals = []
        if request.method == "POST":
            action = request.POST.get("action", "")
            try:
                if action in ModerationForm.ACTIONS:
                    form = ModerationForm(request.POST, action=action)
                    if form.is_valid():
                        return self._decide(request, experience, form)
                elif action == "flag":
                    flag_form = FlagForm(request.POST, prefix="flag")
                    if flag_form.is_valid():
                        services.experience_flag(
                            experience=experience,
                            actor=request.user,
                            why=flag_form.cleaned_data["why"],
                        )
                        self.message_user(
                            request,
                            f"Flagged {experience.display_reference} for a "
                            "safeguarding lead.",
                            messages.SUCCESS,
                        )
                        return redirect(request.path)
                elif action == "take-down":
                    take_down_form = TakeDownForm(request.POST, prefix="take-down")
                    if take_down_form.is_valid():
                        services.experience_take_down(
                            experience=experience,
                            actor=request.user,
                            why=take_down_form.cleaned_data["why"],
                        )
                        self.message_user(
                            request,
                            f"Took {experience.display_reference} off the site. It "
                            "is in review and claimed by you.",
                            messages.SUCCESS,
                        )
                        return redirect(request.path)
                elif action == ModerationForm.COPY_ORIGINAL:
                    form = ModerationForm(
                        initial={
                            "public_version": original_text(experience),
                            "themes": request.POST.getlist("themes"),
                            "version": experience.version,
                        }
                    )
                elif action == "claim":
                    experience = services.experience_claim(
                        experience=experience, actor=request.user
                    )
                    until = experience.claimed_at + timedelta(
                        minutes=services.CLAIM_MINUTES
                    )
                    self.message_user(
                        request,
                        f"You have claimed {experience.display_reference}: no one "
                        "else can change it until you release it or until "
                        f"{timezone.localtime(until):%H:%M}.",
                        messages.SUCCESS,
                    )
                    return redirect(request.path)
                elif action == "release":
                    services.experience_release(
                        experience=experience, actor=request.user
                    )
                    self.message_user(
                        request,
                        f"Released {experience.display_reference}.",
                        messages.SUCCESS,
                    )
                    return redirect("admin:feedback_experience_changelist")
                else:
                    refusals.append("Choose one of the buttons on the page.")
            except services.StaleEdit as error:
                refusals.extend(error.messages)
                latest = self._experience(pk)
                stale = self._stale_context(latest)
                # What was typed stays; the form now carries the latest
                # version, so saving it again is a choice made knowingly.
                data = request.POST.copy()
                data["version"] = str(latest.version)
                form = ModerationForm(data, action=action)
            except services.PersonalDetailsFound as error:
                # Shown at the box, which keeps what was typed.
                for message in error.messages:
                    form.add_error("public_version", message)
                details_found = True
            except services.ModerationError as error:
                refusals.extend(error.messages)
            experience = self._experience(pk)  # as it is now, after a refusal
        return self._moderate_page(
            request,
            experience,
            form,
            flag_form,
            take_down_form,
            refusals,
            stale,
            details_found=details_found,
        )

    def _decide(self, request, experience, form):
        data = form.cleaned_data
        common = {
            "experience": experience,
            "actor": request.user,
            "expected_version": data["version"],
            "public_version": data["public_version"],
            "themes": data["themes"],
            "keep_reason": data["keep_reason"],
        }
        reference = experience.display_reference
        if form.action == ModerationForm.SAVE:
            services.experience_save(**common)
            self.message_user(request, f"Saved {reference}.", messages.SUCCESS)
            return redirect(request.path)
        if form.action == ModerationForm.PUBLISH:
            services.experience_publish(**common)
            self.message_user(request, f"Published {reference}.", messages.SUCCESS)
        else:
            services.experience_decline(
                **common, reason=data["decline_reason"], note=data["decline_note"]
            )
            self.message_user(
                request, f"{reference} will not be published.", messages.SUCCESS
            )
        return redirect("admin:feedback_experience_changelist")

    def _stale_context(self, latest):
        change = (
            latest.events.filter(action__in=TEXT_CHANGES).order_by("-at", "-pk").first()
        )
        return {"experience": latest, "change": change}

    def _moderate_page(
        self,
        request,
        experience,
        form,
        flag_form,
        take_down_form,
        refusals,
        stale,
        *,
        details_found=False,
    ):
        user = request.user
        is_open = experience.status in services.OPEN
        claimed_by_me = experience.claimed_by_id == user.pk and services.claim_is_live(
            experience
        )
        if form is None and is_open and claimed_by_me:
            # The box starts empty (or with what was saved): a moderator
            # copies the original in on purpose, never by default.
            form = ModerationForm(
                initial={
                    "public_version": experience.public_version,
                    "themes": [theme.pk for theme in experience.themes.all()],
                    "version": experience.version,
                }
            )
        if experience.status != Experience.Status.WITHDRAWN and flag_form is None:
            flag_form = FlagForm(prefix="flag")
        if experience.status == Experience.Status.PUBLISHED and take_down_form is None:
            take_down_form = TakeDownForm(prefix="take-down")
        if experience.status != Experience.Status.PUBLISHED:
            take_down_form = None
        problems = error_list(form, flag_form, take_down_form, messages=refusals)
        context = self._page_context(
            request,
            experience,
            f"Moderate experience {experience.display_reference}",
            problems,
        )
        context.update(
            form=form,
            flag_form=flag_form,
            take_down_form=take_down_form,
            stale=stale,
            ask_keep_reason=details_found
            or bool(form is not None and form["keep_reason"].value()),
            is_open=is_open,
            claimed_by_me=claimed_by_me,
            claimed_by_other=(
                experience.claimed_by_id not in (None, user.pk)
                and services.claim_is_live(experience)
            ),
            may_release=experience.claimed_by_id is not None
            and (claimed_by_me or user.is_superuser),
            claim_until=(
                experience.claimed_at + timedelta(minutes=services.CLAIM_MINUTES)
                if experience.claimed_at
                else None
            ),
            # The text written so far never blocks: the form checks it. What
            # blocks the button is consent and safeguarding.
            blockers=services.publication_blockers(
                experience, original_text(experience) or "-"
            ),
        )
        return TemplateResponse(
            request, "admin/feedback/experience/moderate.html", context
        )

    def safeguarding_view(self, request, pk):
        """A safeguarding lead records a decision on a flagged experience."""
        if not request.user.has_perm(DECIDE_SAFEGUARDING):
            raise PermissionDenied
        experience = self._experience(pk)
        form = SafeguardingForm(request.POST if request.method == "POST" else None)
        refusals = []
        if request.method == "POST" and form.is_valid():
            try:
                services.experience_decide_safeguarding(
                    experience=experience,
                    actor=request.user,
                    decision=form.cleaned_data["decision"],
                    note=form.note,
                )
            except services.ModerationError as error:
                refusals.extend(error.messages)
                experience = self._experience(pk)
            else:
                self.message_user(
                    request,
                    f"Recorded the safeguarding decision on "
                    f"{experience.display_reference}.",
                    messages.SUCCESS,
                )
                return redirect(request.path)
        context = self._page_context(
            request,
            experience,
            f"Safeguarding: experience {experience.display_reference}",
            error_list(form, messages=refusals),
        )
        context["form"] = form
        return TemplateResponse(
            request, "admin/feedback/experience/safeguarding.html", context
        )

    def contact_details_view(self, request, pk):
        """Contact details, only when asked for with a POST: each look leaves
        an audit row (services.experience_contact_details)."""
        if not request.user.has_perm(VIEW_CONTACT_DETAILS):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        experience = get_object_or_404(Experience, pk=pk)
        details = services.experience_contact_details(
            experience=experience, actor=request.user
        )
        return TemplateResponse(
            request,
            "admin/feedback/experience/contact_details.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": experience,
                "title": f"Contact details: experience {experience.display_reference}",
                "details": details,
            },
        )


@admin.register(ExperienceEvent)
class ExperienceEventAdmin(ReadOnlyAdmin):
    """The audit trail, read-only for everyone."""

    list_display = ["experience", "action", "actor_name", "at"]
    list_filter = ["action"]
    list_select_related = ["experience", "actor"]
    search_fields = ["experience__reference"]

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(
            request, queryset, reference_as_stored(search_term)
        )


@admin.register(ExportEvent)
class ExportEventAdmin(ReadOnlyAdmin):
    """Who exported what, read-only for everyone."""

    list_display = ["at", "actor_name", "row_count", "with_contact_details"]
    list_filter = ["with_contact_details"]
    list_select_related = ["actor"]
    date_hierarchy = "at"
