"""Alert emails read well: the subject says what happened, the body says
why the person gets it, with a plain and an HTML part, the one-click
unsubscribe headers, a link to manage, and the sender and reply-to."""

import pytest
from django.core import mail

from alerts.emails import Recipient, announcement_email, digest_email
from core.announcements import announce
from core.models import Announcement
from tests.alerts.conftest import follow
from tests.factories import AreaFactory

pytestmark = pytest.mark.usefixtures("site_url")


def test_an_alert_says_what_happened_and_why_with_both_parts_and_headers(
    db, settings, django_capture_on_commit_callbacks
):
    settings.DEFAULT_FROM_EMAIL = "alerts@example.org"
    settings.REPLY_TO = "team@example.org"
    AreaFactory(slug="outcomes", short_title="Outcomes for young people")
    follow("parent@example.org", "everything", "area:outcomes")

    with django_capture_on_commit_callbacks(execute=True):
        announce(
            kind=Announcement.Kind.CONSULTATION_OPENED,
            topics=["everything", "consultations", "area:outcomes"],
            title="Short breaks <for> families",
            path="/consultations/short-breaks/",
            summary="What should short breaks offer?",
        )

    (message,) = mail.outbox
    assert message.subject == "Consultation open: Short breaks <for> families"
    assert message.from_email == "alerts@example.org"
    assert message.reply_to == ["team@example.org"]
    assert "https://send.example.org/consultations/short-breaks/" in message.body
    assert (
        "because you asked for emails about the area of weakness "
        "\u2018Outcomes for young people\u2019" in message.body
    )
    assert "https://send.example.org/alerts/manage/" in message.body
    assert "&lt;" not in message.body  # plain text is not escaped
    html, kind = message.alternatives[0]
    assert kind == "text/html"
    assert "Short breaks &lt;for&gt; families" in html  # HTML is
    assert 'lang="en-GB"' in html and "/alerts/manage/" in html
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<https://send.example.org/alerts/unsubscribe/"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )


@pytest.mark.parametrize(
    "kind, subject",
    [
        (Announcement.Kind.LETTER_PUBLISHED, "New letter: T"),
        (Announcement.Kind.LETTER_WITHDRAWN, "Letter withdrawn: T"),
        (Announcement.Kind.RESPONSE_PUBLISHED, "You said, we did: T"),
        (Announcement.Kind.ACTION_STATUS, "Action update: T"),
        (Announcement.Kind.ACTION_OVERDUE, "Action overdue: T"),
        (Announcement.Kind.ACTION_DISPUTED, "Action disputed by a forum: T"),
        (Announcement.Kind.CONSULTATION_CLOSING, "Consultation closing soon: T"),
        (Announcement.Kind.OUTCOME_PUBLISHED, "Consultation outcome: T"),
    ],
)
def test_every_kind_has_a_subject_that_says_what_happened(db, kind, subject):
    announcement = Announcement(kind=kind, title="T", path="/x/", topics=["letters"])

    email = announcement_email(
        announcement=announcement,
        recipient=Recipient(pk=1, email="a@example.org", key="k"),
        reason="new letters",
    )

    assert email.subject == subject
    assert "You asked" not in email.body  # said as "you asked", mid-sentence
    assert "because you asked for emails about new letters" in email.body
    assert "List-Unsubscribe" in email.headers


def test_a_digest_lists_each_announcement_with_its_link(db):
    announcements = [
        Announcement(kind=Announcement.Kind.LETTER_PUBLISHED, title="A", path="/a/"),
        Announcement(kind=Announcement.Kind.RESPONSE_PUBLISHED, title="B", path="/b/"),
    ]

    email = digest_email(
        recipient=Recipient(pk=1, email="a@example.org", key="k"),
        announcements=announcements,
    )

    assert email.subject.endswith("2 updates this week")
    assert (
        "New letter: A\n" in email.body and "https://send.example.org/b/" in email.body
    )
    assert "You said, we did: B" in email.html_body
    assert email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
