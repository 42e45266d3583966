"""Staff admin for the accountability tracker: plans, actions, indicators,
progress updates, forum confirmations and the audit trail.

Who may do what comes from roles (docs/roles.md). Progress updates are
posted on a page of their own that goes through
plans.services.progress_update_post (`ActionAdmin.post_update_view`); an
action's status and progress are read-only here and move only with its
updates. An action owner sees only the actions they are named on. Every
create, change and delete made here of a plan, an action, an indicator (with
its values) or an update writes a PlanEvent (see admin_audit.py).
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from core.admin import ReadOnlyAdmin, TabularInline

from . import selectors, services
from .admin_audit import AuditedAdmin
from .admin_forms import (
    FILES_CHOSEN_AGAIN,
    PostUpdateForm,
    ProgressUpdateCorrectionForm,
)
from .admin_owners import OwnerPicker, OwnerSearch
from .models import (
    Action,
    Confirmation,
    Evidence,
    ImprovementPlan,
    Indicator,
    IndicatorValue,
    PlanEvent,
    ProgressUpdate,
)

# Addresses typed without a scheme are read as https (Django 6's default).
HTTPS_BY_DEFAULT = {models.URLField: {"assume_scheme": "https"}}


def may_post_updates(user) -> bool:
    """True if the user may post on every action they can see in the admin
    (an owner sees only their own; see ActionAdmin.get_queryset)."""
    return user.has_perm(selectors.UPDATE_ANY) or user.has_perm(selectors.ADD_UPDATE)


# Plans, actions and their updates ------------------------------------------


@admin.register(ImprovementPlan)
class ImprovementPlanAdmin(AuditedAdmin):
    formfield_overrides = HTTPS_BY_DEFAULT
    list_display = ["title", "kind", "approved_on", "next_review_on"]
    list_filter = ["kind"]
    search_fields = ["title", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    autocomplete_fields = ["organisations", "published_in"]


class UpdateTimeline(TabularInline):
    """The action's updates as they were posted, newest first. Read-only for
    everyone here: updates are posted through "Post an update" and corrected,
    by the Administrator only, on the update's own page."""

    model = ProgressUpdate
    extra = 0
    fields = [
        "on",
        "new_status",
        "new_progress",
        "text",
        "evidence_url",
        "attachment_count",
        "author",
    ]
    readonly_fields = fields
    show_change_link = True
    verbose_name = "progress update"
    verbose_name_plural = "Timeline of progress updates"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("author")
            .annotate(attachments_count=Count("attachments"))
        )

    @admin.display(description="Attachments")
    def attachment_count(self, update):
        return update.attachments_count

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Naming an action's owners ----------------------------------------------------
@admin.register(Action)
class ActionAdmin(AuditedAdmin):
    list_display = ["reference", "title", "plan", "area", "status", "due_on"]
    list_filter = ["plan", "status", "area"]
    list_select_related = ["plan", "area"]
    search_fields = ["reference", "title"]
    autocomplete_fields = ["parent", "owner_organisation", "owners", "responses"]
    # Status and progress move with the timeline only (services), so the
    # action and its updates never tell different stories.
    readonly_fields = ["status", "progress"]
    inlines = [UpdateTimeline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("plan")
        if request.user.has_perm(selectors.UPDATE_ANY):
            return queryset
        # An action owner sees the actions they are named on, and no other.
        return queryset & selectors.actions_user_may_update(request.user)

    def get_list_display(self, request):
        columns = list(self.list_display)
        if may_post_updates(request.user):
            columns.append("post_update_link")
        return columns

    @admin.display(description="Update")
    def post_update_link(self, action):
        return format_html(
            '<a href="{}">Post an update<span class="visually-hidden"> on {}</span>'
            "</a>",
            reverse("admin:plans_action_post_update", args=[action.pk]),
            action.reference,
        )

    def _refuse_if_unseen(self, request, object_id):
        # The admin answers an address it cannot find with a redirect to its
        # home page; an owner who types another owner's action is refused.
        if request.user.has_perm(selectors.UPDATE_ANY):
            return
        if self.get_object(request, unquote(object_id)) is None:
            raise Http404("No such action among yours.")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        self._refuse_if_unseen(request, object_id)
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        self._refuse_if_unseen(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        self._refuse_if_unseen(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        if obj is not None:
            context["can_post_update"] = selectors.can_update(request.user, obj)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def deletion_detail(self, action):
        return (
            f"With {action.sub_actions.count()} sub-action(s) and "
            f"{action.updates.count()} progress update(s)."
        )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "owners":
            kwargs["widget"] = OwnerPicker(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_urls(self):
        return [
            path(
                "<int:pk>/post-update/",
                self.admin_site.admin_view(self.post_update_view),
                name="plans_action_post_update",
            ),
            path(
                "owners/",
                self.admin_site.admin_view(
                    OwnerSearch.as_view(admin_site=self.admin_site)
                ),
                name="plans_action_owners",
            ),
        ] + super().get_urls()

    def post_update_view(self, request, pk):
        """Post a progress update on one action, through
        services.progress_update_post, which refuses anyone who may not update it (the
        check here only spares them the form)."""
        action = get_object_or_404(Action.objects.select_related("plan"), pk=pk)
        if not selectors.can_update(request.user, action):
            raise PermissionDenied
        has_sub_actions = action.sub_actions.exists()
        if request.method == "POST":
            form = PostUpdateForm(
                request.POST, request.FILES, has_sub_actions=has_sub_actions
            )
            if form.is_valid():
                try:
                    services.progress_update_post(
                        action=action,
                        actor=request.user,
                        on=form.cleaned_data["on"],
                        text=form.cleaned_data["text"],
                        new_status=form.cleaned_data["new_status"],
                        new_progress=form.cleaned_data["new_progress"],
                        evidence_url=form.cleaned_data["evidence_url"],
                        evidence=form.evidence(),
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    self.message_user(
                        request,
                        f"Your update on {action.reference} is published on the "
                        "action's page.",
                        messages.SUCCESS,
                    )
                    return redirect("admin:plans_action_change", action.pk)
        else:
            form = PostUpdateForm(has_sub_actions=has_sub_actions)
        return TemplateResponse(
            request,
            "admin/plans/action/post_update.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "original": action,
                "has_sub_actions": has_sub_actions,
                "form": form,
                "files_chosen_again": FILES_CHOSEN_AGAIN,
                "title": f"Post an update on {action.reference}",
            },
        )


class EvidenceInline(TabularInline):
    """An update's PDFs. They come with the update; the Administrator may
    retitle or remove one (say, a file with personal details in it)."""

    model = Evidence
    extra = 0
    fields = ["title", "document", "file_size"]
    readonly_fields = ["document", "file_size"]

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("update__action__plan")

    @admin.display(description="File")
    def document(self, evidence):
        action = evidence.update.action
        return format_html(
            '<a href="{}">{}</a>',
            reverse(
                "plans:evidence",
                kwargs={
                    "plan_slug": action.plan.slug,
                    "pk": action.pk,
                    "evidence_pk": evidence.pk,
                },
            ),
            evidence.file.name.rsplit("/", 1)[-1],
        )

    @admin.display(description="Size")
    def file_size(self, evidence):
        return evidence.size_in_words


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(AuditedAdmin):
    """Updates are the public record. They are posted on an action's "Post an
    update" page, never added here; only the Administrator (the one role with
    change and delete permissions on them) may correct or remove one, and
    each correction is audited."""

    form = ProgressUpdateCorrectionForm
    list_display = ["action", "on", "new_status", "new_progress", "author"]
    list_filter = ["new_status", "action__plan"]
    list_select_related = ["action", "author"]
    search_fields = ["action__reference", "action__title", "text"]
    formfield_overrides = HTTPS_BY_DEFAULT
    fields = [
        "action",
        "on",
        "new_status",
        "new_progress",
        "text",
        "evidence_url",
        "author",
        "created_at",
    ]
    readonly_fields = ["action", "author", "created_at"]
    inlines = [EvidenceInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("action", "author")
        if request.user.has_perm(selectors.UPDATE_ANY):
            return queryset
        return queryset.filter(
            action__in=selectors.actions_user_may_update(request.user)
        )

    def has_add_permission(self, request):
        # Through services.progress_update_post only, which checks who may post.
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Corrections are made one at a time, each read before it is removed.
        actions.pop("delete_selected", None)
        return actions

    def deletion_detail(self, update):
        titles = [evidence.title for evidence in update.attachments.all()]
        return f"With its attachments: {', '.join(titles)}." if titles else ""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A corrected status or progress moves the action if the update is
        # the latest to name it.
        services.action_state_recompute(action=form.instance.action, actor=request.user)

    def delete_model(self, request, obj):
        # The evidence files go from storage with their rows (core.files).
        action = obj.action
        super().delete_model(request, obj)
        services.action_state_recompute(action=action, actor=request.user)


# Indicators -----------------------------------------------------------------


class IndicatorValueInline(TabularInline):
    model = IndicatorValue
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["title", "area", "unit", "target"]
    list_select_related = ["area"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [IndicatorValueInline]


# Records written only by services --------------------------------------------


@admin.register(Confirmation)
class ConfirmationAdmin(ReadOnlyAdmin):
    """Forums' verdicts on done actions, as they gave them: append-only."""

    list_display = ["action", "forum", "verdict", "at", "actor_name"]
    list_filter = ["verdict", ("forum", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["action", "forum", "actor"]
    search_fields = ["action__reference", "action__title", "forum__name", "note"]
    date_hierarchy = "at"


@admin.register(PlanEvent)
class PlanEventAdmin(ReadOnlyAdmin):
    """The tracker's audit trail, read-only for everyone."""

    list_display = ["at", "kind", "object_type", "object_repr", "actor_name"]
    list_filter = ["kind", "object_type"]
    list_select_related = ["actor"]
    search_fields = ["object_repr"]
    date_hierarchy = "at"
    fields = [
        "at",
        "actor",
        "kind",
        "object_type",
        "object_id",
        "object_repr",
        "changed_fields",
        "detail",
    ]
    readonly_fields = fields

    @admin.display(description="Changes")
    def changed_fields(self, event):
        rows = [
            (name, _shown(pair[0]), _shown(pair[1]))
            for name, pair in event.changes.items()
            if isinstance(pair, list) and len(pair) == 2
        ]
        if not rows:
            return "-"
        return format_html(
            '<table><thead><tr><th scope="col">Field</th><th scope="col">Before</th>'
            '<th scope="col">After</th></tr></thead><tbody>{}</tbody></table>',
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )


def _shown(value) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "(none)"
    return str(value)
