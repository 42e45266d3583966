"""The outbox in the staff admin ("Outgoing email"): what is waiting, sent or
given up, by state and purpose, with the counts per state at the top.

Anyone allowed to open it (core.view_outboundemail: editors and moderators,
to see whether their emails went) sees addresses masked (j***@example.org)
and no message. The address and the message are shown only to holders of
core.view_email_address, on a page of their own reached with a POST, each
look audited (core.email.email_contents_seen); only they may search by
address. Holders of core.retry_email may queue a failed email again.
Registered from core.admin, whose bases it uses.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils import timezone

from .admin import ReadOnlyAdmin
from .email import (
    RETRY,
    SEE_ADDRESS,
    email_contents_seen,
    email_retry,
    mask_email,
)
from .models import OutboundEmail, email_purpose_in_words


class PurposeFilter(admin.SimpleListFilter):
    """The purposes there are emails for, in words."""

    title = "what for"
    parameter_name = "purpose"

    def lookups(self, request, model_admin):
        purposes = (
            OutboundEmail.objects.order_by()
            .values_list("purpose", flat=True)
            .distinct()
        )
        return sorted(
            ((purpose, email_purpose_in_words(purpose)) for purpose in purposes),
            key=lambda choice: choice[1],
        )

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        # Only a purpose there is: anything else (NUL included, which
        # PostgreSQL refuses) finds nothing rather than reaching the database.
        if value not in {purpose for purpose, _ in self.lookup_choices}:
            return queryset.none()
        return queryset.filter(purpose=value)


@admin.register(OutboundEmail)
class OutboundEmailAdmin(ReadOnlyAdmin):
    list_display = [
        "what_for",
        "status",
        "attempts",
        "error_kind",
        "created_at",
        "sent_at",
        "masked_to",
        "record",
    ]
    list_filter = ["status", PurposeFilter]
    date_hierarchy = "created_at"
    actions = ["try_again"]
    fields = [
        "what_for",
        "record",
        "subject",
        "masked_to",
        "status",
        "attempts",
        "error_kind",
        "created_at",
        "sent_at",
        "history",
    ]
    # Never `to`, `body`, `html_body` or `headers` (the unsubscribe link is
    # the person's own): the page of contents shows the first two, audited.
    readonly_fields = fields

    @admin.display(description="What for", ordering="purpose")
    def what_for(self, email):
        return email.purpose_in_words

    @admin.display(description="To")
    def masked_to(self, email):
        return mask_email(email.to)

    @admin.display(description="Last error", ordering="last_error")
    def error_kind(self, email):
        return email.last_error or "None"

    @admin.display(description="What happened")
    def history(self, email):
        events = [
            f"{timezone.localtime(event.at):%d/%m/%Y %H:%M}: "
            f"{event.get_action_display()}"
            + (f" ({event.actor_display})" if event.actor_id else "")
            for event in email.events.order_by("at", "pk")
        ]
        return "; ".join(events) or "Nothing besides sending"

    def get_search_fields(self, request):
        # A search by address would tell anyone who may not see addresses
        # whether someone was emailed: only those who may see them search so.
        if request.user.has_perm(SEE_ADDRESS):
            return ["record", "=to"]
        return ["record"]

    def has_retry_permission(self, request):
        return request.user.has_perm(RETRY)

    @admin.action(description="Try again now", permissions=["retry"])
    def try_again(self, request, queryset):
        self.act_on_each(
            request,
            queryset,
            lambda email: email_retry(email=email, actor=request.user),
            done="{count} failed email(s) queued again.",
        )

    def changelist_view(self, request, extra_context=None):
        # The counts are of the whole outbox, whatever the filters.
        return super().changelist_view(
            request,
            {
                **(extra_context or {}),
                "counts": OutboundEmail.objects.count_by_status(),
            },
        )

    def render_change_form(self, request, context, *args, obj=None, **kwargs):
        context["can_see_contents"] = request.user.has_perm(SEE_ADDRESS)
        return super().render_change_form(request, context, *args, obj=obj, **kwargs)

    def get_urls(self):
        return [
            path(
                "<int:pk>/contents/",
                self.admin_site.admin_view(self.contents_view),
                name="core_outboundemail_contents",
            ),
            *super().get_urls(),
        ]

    def contents_view(self, request, pk):
        """The address and the message, only when asked for with a POST:
        each look leaves an audit row."""
        if not request.user.has_perm(SEE_ADDRESS):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        email = get_object_or_404(OutboundEmail, pk=pk)
        return self.render_page(
            request,
            "admin/core/outboundemail/contents.html",
            title=f"Address and message: email {email.pk}",
            original=email,
            email=email_contents_seen(email=email, actor=request.user),
        )
