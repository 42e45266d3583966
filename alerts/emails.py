"""What an alert email says, in GOV.UK Notify's manner: plain text first,
short, a subject that says what happened, the service's name and why the
person is getting it, and the links to manage or stop their emails. Each
email has a plain-text and an HTML part (templates/alerts/emails/)."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string

from core.email import Outgoing
from core.models import Announcement
from letters.models import AreaOfWeakness, Letter

from .links import manage_url, unsubscribe_headers
from .models import Subscriber

Kind = Announcement.Kind
SUBJECTS = {
    Kind.LETTER_PUBLISHED: "New letter: {}",
    Kind.LETTER_WITHDRAWN: "Letter withdrawn: {}",
    Kind.JUDGEMENT: "New judgement: {}",
    Kind.RESPONSE_PUBLISHED: "You said, we did: {}",
    Kind.ACTION_STATUS: "Action update: {}",
    Kind.ACTION_OVERDUE: "Action overdue: {}",
    Kind.ACTION_DISPUTED: "Action disputed by a forum: {}",
    Kind.CONSULTATION_OPENED: "Consultation open: {}",
    Kind.CONSULTATION_CLOSING: "Consultation closing soon: {}",
    Kind.OUTCOME_PUBLISHED: "Consultation outcome: {}",
}
# The words after "You asked for emails about", for topics that name no one
# thing; the most particular topic a person follows is the one named.
GENERAL_REASONS = {
    "everything": "everything new on this service",
    "letters": "new letters",
    "responses": "new responses in \u2018You said, we did\u2019",
    "progress": "progress on the improvement plans",
    "consultations": "consultations",
}
PARTICULAR_FIRST = ["letter", "action", "consultation", "area"]
MAX_SUBJECT = 300


@dataclass(frozen=True)
class Recipient:
    """Who an alert goes to: enough of a subscriber to address and sign
    their links, without loading the whole row."""

    pk: int
    email: str
    key: str

    def subscriber(self) -> Subscriber:
        return Subscriber(pk=self.pk, email=self.email, key=self.key)


def subject_for(announcement: Announcement) -> str:
    template = SUBJECTS.get(announcement.kind, "{}")
    return template.format(announcement.title)[:MAX_SUBJECT]


def link_for(announcement: Announcement) -> str:
    return settings.SITE_URL.rstrip("/") + announcement.path


def reasons_for(topics: list[str]) -> dict[str, str]:
    """Each topic in the words of "You asked for emails about …": a query for
    the areas and one for the letters named, whatever the number of people."""
    reasons = {t: GENERAL_REASONS[t] for t in topics if t in GENERAL_REASONS}
    slugs = [t.split(":", 1)[1] for t in topics if t.startswith("area:")]
    for slug, title in AreaOfWeakness.objects.filter(slug__in=slugs).values_list(
        "slug", "short_title"
    ):
        reasons[f"area:{slug}"] = f"the area of weakness \u2018{title}\u2019"
    letter_pks = [
        t.split(":", 1)[1]
        for t in topics
        if t.startswith("letter:") and t[7:].isdigit()
    ]
    for pk, title in Letter.objects.filter(pk__in=letter_pks).values_list(
        "pk", "title"
    ):
        reasons[f"letter:{pk}"] = f"the letter \u2018{title}\u2019 and its replies"
    for topic in topics:
        kind = topic.split(":", 1)[0]
        if topic not in reasons and kind in ("action", "consultation", "area"):
            reasons[topic] = f"this {kind.replace('area', 'area of weakness')}"
    return reasons


def most_particular(topics) -> str:
    """Of the topics one person follows that matched, the one to name."""

    def rank(topic: str) -> tuple[int, str]:
        kind = topic.split(":", 1)[0]
        if kind in PARTICULAR_FIRST:
            return PARTICULAR_FIRST.index(kind), topic
        return len(PARTICULAR_FIRST) + (topic == "everything"), topic

    return min(topics, key=rank)


def _links(recipient: Recipient) -> tuple[dict, dict]:
    subscriber = recipient.subscriber()
    context = {
        "service_name": settings.SERVICE_NAME,
        "manage_link": manage_url(subscriber),
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    return context, unsubscribe_headers(subscriber)


def announcement_email(
    *, announcement: Announcement, recipient: Recipient, reason: str
) -> Outgoing:
    """The email telling one person of one announcement at once."""
    context, headers = _links(recipient)
    context.update(
        announcement=announcement,
        subject=subject_for(announcement),
        link=link_for(announcement),
        reason=reason,
    )
    return Outgoing(
        to=recipient.email,
        subject=context["subject"],
        body=render_to_string("alerts/emails/announcement.txt", context),
        html_body=render_to_string("alerts/emails/announcement.html", context),
        purpose="alert",
        record=f"Announcement {announcement.pk}",
        headers=headers,
    )


def digest_email(
    *, recipient: Recipient, announcements: list[Announcement]
) -> Outgoing:
    """The weekly email listing what happened, newest last."""
    context, headers = _links(recipient)
    items = [
        {"subject": subject_for(a), "link": link_for(a), "announcement": a}
        for a in announcements
    ]
    count = len(items)
    subject = (
        f"{settings.SERVICE_NAME}: {count} update{'' if count == 1 else 's'} this week"
    )
    context.update(items=items, subject=subject)
    return Outgoing(
        to=recipient.email,
        subject=subject[:MAX_SUBJECT],
        body=render_to_string("alerts/emails/digest.txt", context),
        html_body=render_to_string("alerts/emails/digest.html", context),
        purpose="alert-digest",
        record=f"Digest of {count}",
        headers=headers,
    )
