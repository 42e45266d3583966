"""The staff admin's base for records that go draft → awaiting a forum's
sign-off → published, one service function a step: consultations' outcomes and
"You said, we did" responses. An admin declares its `steps`; this gives each a
button on the change page, a confirmation page, and an action on the list."""

from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import path, reverse

from .admin import StrictAdmin

# The statuses the workflow's models share (each model's Status choices).
DRAFT = "draft"
PUBLISHED = "published"


@dataclass(frozen=True)
class Step:
    """One step of the workflow. `service` is called with the record (under
    the admin's `record_name`) and `actor`; `done` is the message after one
    record, formatted with the record under the same name, `done_many` the
    list action's, with the `count` taken; `explanation` says on the
    confirmation page what will happen."""

    name: str
    label: str
    service: object
    from_status: str
    done: str
    done_many: str
    explanation: str

    @property
    def slug(self) -> str:
        """The last part of the confirmation page's web address."""
        return self.name.replace("_", "-")


def step_action(step: Step):
    """The list's action for a step: the step taken on each selected record."""

    @admin.action(description=step.label, permissions=["publish"])
    def action(model_admin, request, queryset):
        model_admin.take_step_on_each(request, queryset, step)

    action.__name__ = step.name
    return action


class SignOffStepsAdmin(StrictAdmin):
    """A StrictAdmin for a model with `status`, `forum` and `sign_offs` (the
    forums' answers: `forum`, `decision`, `note`, `signed_by`, `at`). Only
    holders of `publish_permission` see the buttons or take a step; the
    services check it again and write the audit rows. Only a draft is changed
    or deleted, and only a published record is viewed on the site.

    A subclass names its `steps` and `publish_permission`, and may say why a
    step was refused in its own words (`step_refused`,
    `step_refused_in_list`). `sign_offs_table` is a read-only field that
    lists the forums' answers."""

    steps: tuple[Step, ...] = ()
    publish_permission = ""
    change_form_template = "admin/sign_off_steps/change_form.html"
    # Whether the confirmation page names the person who answered for the
    # forum (the sign-off table on the change page always does).
    name_who_answered = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # Django finds list actions by name on the class: one per step.
        for step in cls.steps:
            setattr(cls, step.name, step_action(step))
        cls.actions = [step.name for step in cls.steps]

    @property
    def record_name(self) -> str:
        """The record's keyword in the services and the messages, and its
        name on the confirmation page: the model's name."""
        return self.opts.model_name

    def view_on_site(self, record):
        # Only a published record has a public page to look at.
        if record.status == PUBLISHED:
            return record.get_absolute_url()
        return None

    def has_change_permission(self, request, obj=None):
        # Only drafts are edited: once sent, the forum signs what it was sent,
        # and what was published stays as it was published.
        if obj is not None and obj.status != DRAFT:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # A draft may be thrown away; once a forum has been asked, or the
        # public has read it, the record stays.
        if obj is not None and obj.status != DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    def has_publish_permission(self, request):
        return request.user.has_perm(self.publish_permission)

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Bulk delete checks no status: it would delete published records.
        actions.pop("delete_selected", None)
        return actions

    def take_step(self, request, step: Step, record):
        step.service(**{self.record_name: record}, actor=request.user)

    def take_step_on_each(self, request, queryset, step: Step):
        # The records as the list shows them: their names are in the messages.
        self.act_on_each(
            request,
            queryset.select_related(*self.list_select_related),
            lambda record: self.take_step(request, step, record),
            done=step.done_many,
            refusal=self.step_refused_in_list,
        )

    def step_refused(self, record, error: ValidationError) -> str:
        """Why the service refused the step, on the confirmation page."""
        return " ".join(error.messages)

    def step_refused_in_list(self, record, error: ValidationError) -> str:
        """Why the service refused the step, in the list's message."""
        return f"{record}: {self.step_refused(record, error)}"

    def forum_sign_off(self, record):
        """The answer of the forum the record was sent to, or None yet."""
        return (
            record.sign_offs.filter(forum_id=record.forum_id)
            .select_related("signed_by")
            .first()
        )

    @admin.display(description="Forum sign-off")
    def sign_offs_table(self, record):
        return render_to_string(
            "admin/sign_off_steps/sign_offs.html",
            {
                "record": record,
                "sign_offs": record.sign_offs.select_related("forum", "signed_by"),
            },
        )

    def step_url_name(self, step: Step) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{step.name}"

    def get_urls(self):
        return [
            path(
                f"<path:object_id>/{step.slug}/",
                self.admin_site.admin_view(self.step_view),
                {"step": step},
                name=self.step_url_name(step),
            )
            for step in self.steps
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        steps = self.steps if self.has_publish_permission(request) else ()
        extra_context = {
            **(extra_context or {}),
            "step_buttons": [
                (step, f"admin:{self.step_url_name(step)}") for step in steps
            ],
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def step_view(self, request, object_id, step: Step):
        """Confirm, then take one step: a page rather than a bare button, so it
        works without JavaScript and says what will happen first."""
        if not self.has_publish_permission(request):
            raise PermissionDenied
        record = self.get_object(request, unquote(object_id))
        if record is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        errors = []
        if request.method == "POST":
            try:
                self.take_step(request, step, record)
            except ValidationError as error:
                errors = [self.step_refused(record, error)]
            else:
                done = step.done.format(**{self.record_name: record})
                self.message_user(request, done, messages.SUCCESS)
                return redirect(
                    reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                        args=[record.pk],
                    )
                )
        answer = self.forum_sign_off(record)
        return self.render_page(
            request,
            "admin/sign_off_steps/confirm_step.html",
            title=f"{step.label}: {record}",
            original=record,
            record_name=self.record_name,
            step=step,
            # Publishing waits for the forum's answer, whichever it is.
            possible=record.status == step.from_status
            and (step.name != "publish" or answer is not None),
            answer=answer,
            name_who_answered=self.name_who_answered,
            errors=errors,
        )
