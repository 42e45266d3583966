"""Staff admin for "You said, we did" responses and their sign-offs.

Editors draft a response here, send it to the forum for sign-off and publish
it once the forum has answered. Every step after the first save goes through
feedback.services (which checks `feedback.publish_response` itself and writes
a ResponseEvent); the admin only shows the buttons and reports what happened.
"""

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import path, reverse

from core.admin import AuditTrailAdmin, ReadOnlyAdmin, StrictAdmin

from .. import selectors, services
from ..forms import PlainTextField
from ..models import Response, ResponseEvent, SignOff

TEXT_MAX_CHARACTERS = 10_000
PUBLISH_PERMISSION = "feedback.publish_response"


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


@dataclass(frozen=True)
class Step:
    """One step of the workflow, as a button on the change page."""

    name: str
    label: str
    service: object
    from_status: str
    done: str
    done_many: str
    explanation: str

    @property
    def slug(self) -> str:
        """The last part of the button's web address."""
        return self.name.replace("_", "-")


STEPS = {
    step.name: step
    for step in (
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
}


def step_action(step: Step):
    """The list's action for a step: the step taken on each selected response."""

    @admin.action(description=step.label, permissions=["publish"])
    def action(model_admin, request, queryset):
        model_admin._run_step(request, queryset, step)

    action.__name__ = step.name
    return action


@admin.register(Response)
class ResponseAdmin(StrictAdmin):
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
    actions = ["send_for_sign_off", "publish"]

    def view_on_site(self, response):
        # Only a published response has a public page to look at.
        if response.status == Response.Status.PUBLISHED:
            return response.get_absolute_url()
        return None

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

    @admin.display(description="Forum sign-off")
    def sign_offs_table(self, response):
        return render_to_string(
            "admin/feedback/response/sign_offs.html",
            {
                "response": response,
                "sign_offs": selectors.sign_offs_of(response),
            },
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

    def has_change_permission(self, request, obj=None):
        # Only drafts are edited: once sent, the forum signs what it was sent,
        # and what was published stays as it was published.
        if obj is not None and obj.status != Response.Status.DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # A draft may be thrown away; once a forum has been asked, or the
        # public has read it, the response stays on the record.
        if obj is not None and obj.status != Response.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return request.user.has_perm(PUBLISH_PERMISSION)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Bulk delete checks no status: it would delete published responses.
        actions.pop("delete_selected", None)
        return actions

    def _run_step(self, request, queryset, step: Step):
        self.act_on_each(
            request,
            queryset.select_related("forum"),
            lambda response: step.service(response=response, actor=request.user),
            done=step.done_many,
            refusal=lambda response, error: (
                f"“{response}”: {self._refusal(response, error)}"
            ),
        )

    @staticmethod
    def _refusal(response, error: ValidationError) -> str:
        if response.status == Response.Status.PUBLISHED:
            # Clearer than "send it for sign-off first" for a double submit.
            return "It is already published."
        return " ".join(error.messages)

    send_for_sign_off = step_action(STEPS["send_for_sign_off"])
    publish = step_action(STEPS["publish"])

    # Buttons on the change page ------------------------------------------------

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
            "can_publish_response": self.has_publish_permission(request),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def step_view(self, request, object_id, step_name):
        """Confirm, then take one step: a page rather than a bare button, so it
        works without JavaScript and says what will happen first."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        step = STEPS[step_name]
        response = self.get_object(request, unquote(object_id))
        if response is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        errors = []
        if request.method == "POST":
            try:
                step.service(response=response, actor=request.user)
            except ValidationError as error:
                errors = [self._refusal(response, error)]
            else:
                self.message_user(
                    request, step.done.format(response=response), messages.SUCCESS
                )
                return redirect(
                    reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                        args=[response.pk],
                    )
                )
        forum_sign_off = selectors.forum_sign_off(response)
        return self.render_page(
            request,
            "admin/feedback/response/confirm_step.html",
            title=f"{step.label}: {response}",
            original=response,
            step=step,
            possible=response.status == step.from_status
            and (step.name != "publish" or forum_sign_off is not None),
            forum_sign_off=forum_sign_off,
            errors=errors,
        )


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
