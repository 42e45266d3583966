"""Emails to staff and forum partners about their own work: the nudges their
roles bring (something flagged for a safeguarding lead, a draft awaiting a
forum, an action due in a week). Each kind is offered to the roles that hold
one of its permissions and can be switched off by each person on "Emails you
get" (accounts.preferences). A nudge names no member of the public and
quotes nothing anyone wrote: it says what happened, with a link.

The app that knows something happened calls `nudge_send` inside its own
transaction: the emails go through the outbox (core.email), queued exactly
when what they are about commits.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.email import Outgoing, email_queue_many

from .models import NotificationPreference, NudgeSent, User

KEEP_SENT_KEYS = timedelta(days=90)
# Where each person changes which emails they get (URL names).
STAFF_PAGE = "staff-emails:index"
PARTNER_PAGE = "partners:emails"


@dataclass(frozen=True)
class Kind:
    """One kind of nudge: what it is in the person's words, why they get it,
    which permissions bring it (any one of them), and the page where they
    change it (a URL name: the staff admin's or the partner area's)."""

    key: str
    label: str
    hint: str
    because: str
    permissions: tuple[str, ...]
    settings_page: str = STAFF_PAGE


KINDS = [
    Kind(
        "safeguarding",
        "Something is flagged for safeguarding",
        "Sent at once, with a link to it. The email never quotes what was written.",
        "you are a safeguarding lead",
        ("feedback.decide_safeguarding",),
    ),
    Kind(
        "moderation-summary",
        "A daily summary of what is waiting for moderation",
        "Sent each morning when something is waiting: how many are new, "
        "claimed, lapsed or waiting for a safeguarding decision.",
        "you moderate what people share",
        ("feedback.moderate_experience",),
    ),
    Kind(
        "forum-answered",
        "A forum has co-signed or dissented from a response or an outcome",
        "Sent when a forum answers, so that you can publish.",
        "you publish responses or consultation outcomes",
        ("feedback.publish_response", "consultations.publish_outcome"),
    ),
    Kind(
        "awaiting-forum",
        "Something is waiting for your forum",
        "A response or a consultation outcome to sign off, a done action to "
        "agree or dispute, or a draft consultation to review.",
        "you answer for your forum",
        (
            "feedback.sign_off_response",
            "consultations.sign_off_outcome",
            "consultations.review_draft",
            "plans.confirm_action",
        ),
        PARTNER_PAGE,
    ),
    Kind(
        "action-due",
        "An action you own is due in a week, or has become overdue",
        "Sent to the people named as the action's owners.",
        "you are named as an owner of an action",
        ("plans.add_progressupdate",),
    ),
]
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


def kinds_for(user) -> list[Kind]:
    """The nudges `user`'s roles bring them, whether switched on or not."""
    return [
        kind
        for kind in KINDS
        if any(user.has_perm(permission) for permission in kind.permissions)
    ]


def switched_off(user) -> set[str]:
    preference = NotificationPreference.objects.filter(user=user).first()
    return set(preference.switched_off) if preference else set()


def holders_of(*permissions: str) -> QuerySet:
    """Active accounts holding any of `permissions` through a role or
    directly (a superuser with no role is a set-up account, and is left
    out)."""
    held = Q()
    for permission in permissions:
        app_label, codename = permission.split(".")
        for through in ("groups__permissions", "user_permissions"):
            held |= Q(
                **{
                    f"{through}__content_type__app_label": app_label,
                    f"{through}__codename": codename,
                }
            )
    return User.objects.filter(held, is_active=True).distinct()


def _first_time(once_key: str) -> bool:
    try:
        with transaction.atomic():
            NudgeSent.objects.create(key=once_key)
    except IntegrityError:
        return False
    return True


def sent_keys_forget() -> int:
    """Forget the keys of nudges sent long ago (none names anyone)."""
    cutoff = timezone.now() - KEEP_SENT_KEYS
    return NudgeSent.objects.filter(sent_at__lt=cutoff).delete()[0]


def site_link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def nudge_send(
    *,
    kind: str,
    users: QuerySet,
    subject: str,
    lines: Iterable[str],
    path: str,
    record: str = "",
    once_key: str | None = None,
) -> int:
    """Email `kind` to each of `users` who is active, has an address and has
    not switched it off: `subject`, then `lines` (plain sentences, no one's
    personal details) and a link to `path`. With `once_key` it goes once,
    however often it is asked for. Returns how many emails were queued."""
    nudge = KINDS_BY_KEY[kind]
    if once_key is not None and not _first_time(once_key):
        return 0
    people = dict(
        users.filter(is_active=True)
        .exclude(email="")
        .values_list("pk", "email")
        .order_by("pk")
        .distinct()
    )
    if not people:
        return 0
    for user_id, off in NotificationPreference.objects.filter(
        user_id__in=list(people)
    ).values_list("user_id", "switched_off"):
        if kind in off:
            people.pop(user_id)
    if not people:
        return 0
    subject = subject[:300]
    context = {
        "service_name": settings.SERVICE_NAME,
        "subject": subject,
        "lines": list(lines),
        "link": site_link(path),
        "because": nudge.because,
        "settings_link": site_link(reverse(nudge.settings_page)),
    }
    body = render_to_string("emails/nudge.txt", context)
    html_body = render_to_string("emails/nudge.html", context)
    emails = email_queue_many(
        emails=[
            Outgoing(
                to=address,
                subject=subject,
                body=body,
                html_body=html_body,
                purpose=f"nudge-{kind}",
                record=record[:100],
            )
            for address in people.values()
        ]
    )
    return len(emails)
