"""The emails feedback's work brings staff and forums (accounts.nudges): a
safeguarding lead told at once of a flag, a forum told a response awaits its
sign-off, editors told the forum has answered, moderators' daily summary of
the queue. Each names a record by its reference or title, never a person,
and never quotes what anyone wrote."""

from datetime import timedelta

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from accounts.nudges import holders_of, nudge_send
from core.sections import Slot

from ..models import Experience, Response, SignOff

# Later apps add to the moderators' summary what else awaits moderation:
# `filler()` returns (what, how many, path) or None when nothing waits.
MODERATION_WAITING = Slot("feedback.moderation_waiting")


def safeguarding_leads():
    return holders_of("feedback.decide_safeguarding")


def safeguarding_flag_told(*, what: str, reference: str, path: str, how: str) -> int:
    """Tell the safeguarding leads at once that something was flagged: what
    it is and its reference, how it was flagged, and a link; never its text."""
    return nudge_send(
        kind="safeguarding",
        users=safeguarding_leads(),
        subject=f"Flagged for safeguarding: {what} {reference}",
        lines=[
            f"{what.capitalize()} {reference} has been flagged for safeguarding {how}.",
            "Read it and record a decision: referred (to where) or no concern (why).",
        ],
        path=path,
        record=f"{what.capitalize()} {reference}",
    )


def experience_flag_told(experience: Experience, *, by_hand: bool) -> int:
    return safeguarding_flag_told(
        what="experience",
        reference=experience.display_reference,
        path=reverse("admin:feedback_experience_safeguarding", args=[experience.pk]),
        how="by a moderator" if by_hand else "by the check for words of risk",
    )


def forum_awaits_told(
    *,
    permission: str,
    forum_id: int | None,
    subject: str,
    lines,
    path: str,
    record: str,
    once_key: str | None = None,
) -> int:
    """Tell the partners holding `permission` (of one forum, or of every
    forum when `forum_id` is None) that something awaits their answer."""
    partners = holders_of(permission).filter(forum_member__isnull=False)
    if forum_id is not None:
        partners = partners.filter(forum_member__forum_id=forum_id)
    return nudge_send(
        kind="awaiting-forum",
        users=partners,
        subject=subject,
        lines=lines,
        path=path,
        record=record,
        once_key=once_key,
    )


def response_awaits_forum(response: Response) -> int:
    return forum_awaits_told(
        permission="feedback.sign_off_response",
        forum_id=response.forum_id,
        subject=f"Awaiting your forum’s sign-off: {response.title}",
        lines=[
            "A draft ‘You said, we did’ response has been sent to your forum.",
            "Read it, then co-sign it or say why your forum does not agree. "
            "It cannot be published until your forum has answered.",
        ],
        path=reverse("partners:response", args=[response.pk]),
        record=f"Response {response.pk}",
    )


def forum_answered_told(
    *, forum, dissented: bool, what: str, title: str, permission: str, path: str
) -> int:
    """Tell those holding `permission` (who publish) that the forum asked has
    answered on `what` (a draft response, an outcome), so it can go out."""
    verb = "dissented from" if dissented else "co-signed"
    return nudge_send(
        kind="forum-answered",
        users=holders_of(permission),
        subject=f"{forum} {verb}: {title}",
        lines=[f"{forum} has {verb} the {what}.", "It can now be published."],
        path=path,
        record=f"{what.capitalize()}: {title}",
    )


def response_answered_told(sign_off: SignOff) -> int:
    response = sign_off.response
    return forum_answered_told(
        forum=sign_off.forum,
        dissented=sign_off.decision == SignOff.Decision.DISSENT,
        what="draft response",
        title=response.title,
        permission="feedback.publish_response",
        path=reverse("admin:feedback_response_change", args=[response.pk]),
    )


def moderation_counts(now=None) -> dict[str, int]:
    """What waits in the queue of experiences, in one query."""
    from .moderation import CLAIM_MINUTES, OPEN

    now = now or timezone.now()
    live = Q(claimed_at__gte=now - timedelta(minutes=CLAIM_MINUTES))
    in_review = Q(status=Experience.Status.IN_REVIEW)
    return Experience.objects.aggregate(
        new=Count("pk", filter=Q(status=Experience.Status.NEW)),
        claimed=Count("pk", filter=in_review & live),
        lapsed=Count("pk", filter=in_review & ~live),
        safeguarding=Count(
            "pk",
            filter=Q(status__in=OPEN, safeguarding_flag=True, safeguarding_decision=""),
        ),
    )


def moderation_summary_send(*, today=None) -> int:
    """The moderators' morning email: how many experiences are new, claimed,
    lapsed (claimed but left) or waiting for a safeguarding decision, and
    what else awaits moderation; once a day, and only when something waits."""
    today = today or timezone.localdate()
    counts = moderation_counts()
    others = [part for part in MODERATION_WAITING.parts() if part and part[1]]
    if not any(counts.values()) and not others:
        return 0
    lines = [
        f"New: {counts['new']}",
        f"Claimed by a moderator: {counts['claimed']}",
        f"Claimed but left (the claim has lapsed): {counts['lapsed']}",
        f"Waiting for a safeguarding decision: {counts['safeguarding']}",
        *(f"{what}: {count}" for what, count, _path in others),
    ]
    return nudge_send(
        kind="moderation-summary",
        users=holders_of("feedback.moderate_experience"),
        subject=f"Waiting for moderation on {today:%-d %B %Y}",
        lines=["Experiences shared with the service:", *lines],
        path=reverse("admin:feedback_experience_changelist"),
        record=f"Moderation summary {today}",
        once_key=f"moderation-summary:{today}",
    )
