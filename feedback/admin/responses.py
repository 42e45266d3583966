"""Staff admin for "You said, we did" responses and their sign-offs.

Editors draft a response here, send it to the forum for sign-off and publish
it once the forum has answered. Every step after the first save goes through
feedback.services (which checks `feedback.publish_response` itself and writes
a ResponseEvent); the admin only shows the buttons and reports what happened.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from core.admin import AuditTrailAdmin, ReadOnlyAdmin
from core.admin_steps import SignOffStepsAdmin, Step

from .. import selectors, services
from ..forms import PlainTextField
from ..models import Response, ResponseEvent, SignOff

TEXT_MAX_CHARACTERS = 10_000


class OneLineField(PlainTextField):
    """A title or a name: one line, however it was pasted. A line break in an
    email subject would stop every email about the response."""

    def to_python(self, value):
        return " ".join(super().to_python(value).split())


class ResponseAdminForm(forms.ModelForm):
    class Meta:
        model = Response
        fields = [
            "title",
            "slug",
            "areas",
            "themes",
            "heard",
            "experience_count",
            "doing",
            "doing_by",
            "signing_organisations",
            "forum",
        ]
        widgets = {
            "areas": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
        }

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        # The yearly pages live at /you-said-we-did/<year>/: a slug of digits
        # alone could take one of their addresses.
        if not any(character.isalpha() for character in slug):
            raise ValidationError("The web address must contain a letter.")
        # /you-said-we-did/feed/ is the Atom feed.
        if slug == "feed":
            raise ValidationError("That web address is taken: choose another.")
        return slug

    def clean_areas(self):
        areas = self.cleaned_data["areas"]
        if not areas:
            raise ValidationError(
                "Choose at least one area: people who shared an experience "
                "about it are told when the response is published."
            )
        return areas


@admin.register(Response)
class ResponseAdmin(SignOffStepsAdmin):
    form = ResponseAdminForm
    list_display = [
        "title",
        "status",
        "forum",
        "forum_answer",
        "published_at",
        "created_at",
    ]
    list_filter = ["status"]
    list_select_related = ["forum"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["signing_organisations"]
    steps = (
        Step(
            name="send_for_sign_off",
            label="Send for partner sign-off",
            service=services.response_send_for_sign_off,
            from_status=Response.Status.DRAFT,
            done="Sent “{response}” to {response.forum} for sign-off.",
            done_many="Sent {count} response(s) for partner sign-off.",
            explanation="The forum will see this response in the partner area and "
            "can co-sign it, or disagree with a note that is published beside it. "
            "It can no longer be edited once sent.",
        ),
        Step(
            name="publish",
            label="Publish",
            service=services.response_publish,
            from_status=Response.Status.AWAITING_SIGN_OFF,
            done="Published “{response}”.",
            done_many="Published {count} response(s).",
            explanation="The response appears on the public site with today's date, "
            "and people who asked to be contacted about its areas are emailed. "
            "A published response cannot be changed or deleted.",
        ),
    )
    publish_permission = "feedback.publish_response"

    def get_queryset(self, request):
        # The forum's answer for the list, as a column rather than a query
        # per row.
        return selectors.responses_with_forum_decision(super().get_queryset(request))

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (None, {"fields": ["title", "slug"]}),
            ("What it is about", {"fields": ["areas", "themes"]}),
            (
                "What we heard",
                {"fields": ["heard", "experience_count", "suggested_count"]},
            ),
            ("What we are doing", {"fields": ["doing", "doing_by"]}),
            ("Who signs it", {"fields": ["signing_organisations", "forum"]}),
        ]
        if obj is not None:
            fieldsets.append(
                (
                    "Sign-off and publication",
                    {
                        "fields": [
                            "status",
                            "created_by",
                            "created_at",
                            "published_at",
                            "sign_offs_table",
                            "events_table",
                        ]
                    },
                )
            )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        fields = ["suggested_count"]
        if obj is not None:
            fields += [
                "status",
                "created_by",
                "created_at",
                "published_at",
                "sign_offs_table",
                "events_table",
            ]
        return fields

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Control characters (NUL included) are dropped before validation, so
        # pasted text is cleaned rather than refused, and the page never fails.
        if db_field.name in ("title", "doing_by"):
            kwargs["form_class"] = OneLineField
        elif db_field.name in ("heard", "doing"):
            kwargs["form_class"] = PlainTextField
            kwargs["max_length"] = TEXT_MAX_CHARACTERS
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    @admin.display(description="Forum's answer")
    def forum_answer(self, response):
        if response.forum_decision:
            return SignOff.Decision(response.forum_decision).label
        if response.status == Response.Status.DRAFT:
            return "Not sent yet"
        return "Waiting"

    @admin.display(description="Suggested number")
    def suggested_count(self, response):
        if response.pk is None:
            return "Save the draft to see how many experiences its areas have."
        count = selectors.suggested_experience_count(response)
        return (
            f"{count:,} active experience{'' if count == 1 else 's'} "
            f"match{'es' if count == 1 else ''} the saved areas and themes. "
            "A suggestion only: check it against what you read."
        )

    @admin.display(description="History")
    def events_table(self, response):
        return render_to_string(
            "admin/feedback/response/events.html",
            {"events": response.events.all()},
        )

    def save_model(self, request, obj, form, change):
        # Creation has no workflow step of its own: the admin's add form is the
        # only place a response is made, so the audit row is written here. The
        # admin runs this inside its transaction, so the response and its
        # "drafted" row are stored together or not at all.
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            services.response_created(response=obj, actor=request.user)

    def step_refused(self, response, error: ValidationError) -> str:
        if response.status == Response.Status.PUBLISHED:
            # Clearer than "send it for sign-off first" for a double submit.
            return "It is already published."
        return super().step_refused(response, error)

    def step_refused_in_list(self, response, error: ValidationError) -> str:
        return f"“{response}”: {self.step_refused(response, error)}"


@admin.register(SignOff)
class SignOffAdmin(ReadOnlyAdmin):
    """Written only by forum partners, through services.response_sign_off."""

    list_display = ["response", "forum", "decision", "signed_by", "at"]
    list_filter = ["decision"]
    list_select_related = ["response", "forum", "signed_by"]
    search_fields = ["response__title", "note"]


@admin.register(ResponseEvent)
class ResponseEventAdmin(AuditTrailAdmin):
    """The audit trail, read-only for everyone."""

    audited = "response"
    search_fields = ["response__title", "detail"]
