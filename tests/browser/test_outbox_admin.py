"""The outgoing email page in the staff admin, in a real browser, for the
Administrator and an editor: zero axe violations, valid HTML (the Nu checker
reads every page), no sideways scroll at 320 px, addresses masked."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.long]


def test_the_outgoing_email_pages(site, sign_in, findings):
    """The outbox as the Administrator (the list filtered, an email, its
    address and message on request, a failed one tried again) and as an
    editor, who sees addresses masked."""
    from core.models import OutboundEmail

    address = "jo.parent.with.a.long.address@example.org"
    OutboundEmail.objects.create(
        to="someone@example.org",
        subject="Confirm your email alerts",
        body="Follow the link.",
        purpose="alerts-confirm",
        status=OutboundEmail.Status.SENT,
        attempts=1,
        sent_at=timezone.now(),
    )
    failed = OutboundEmail.objects.create(
        to=address,
        subject="SEND in Kent: 2 updates this week",
        body="Two things happened.\n\nhttps://example.org/"
        + "a-very-long-link-" * 8
        + "\n\nStop these emails: https://example.org/alerts/stop/",
        html_body="<p>Two things happened.</p>",
        purpose="alert-digest",
        record="Digest of 2",
        status=OutboundEmail.Status.FAILED,
        attempts=6,
        last_error="SMTPServerDisconnected",
    )
    outbox = reverse("admin:core_outboundemail_changelist")
    email_page = reverse("admin:core_outboundemail_change", args=[failed.pk])

    page = sign_in("Administrator")
    findings.visit(page, outbox, "outbox")
    expect(page.get_by_text("Gave up: 1")).to_be_visible()
    findings.visit(
        page, f"{outbox}?status__exact=failed&purpose=alert-digest", "outbox-failed"
    )
    findings.visit(page, f"{outbox}?created_at__year=2020", "outbox-none")
    findings.visit(page, email_page, "outbox-email")
    findings.submit(
        page,
        page.get_by_role("button", name="Show address and message"),
        "outbox-email-contents",
    )
    expect(page.get_by_text(address)).to_be_visible()
    findings.visit(page, f"{outbox}?status__exact=failed", "outbox-failed-again")
    page.get_by_role("checkbox", name="Select this object for an action").check()
    page.get_by_label("Action:").select_option(label="Try again now")
    findings.submit(page, page.get_by_role("button", name="Go"), "outbox-tried")
    expect(page.get_by_text("1 failed email(s) queued again.")).to_be_visible()

    page = sign_in("Editor")
    findings.visit(page, outbox, "editor-outbox")
    assert address not in page.content()
    expect(page.get_by_text("j***@example.org").first).to_be_visible()
    findings.visit(page, email_page, "editor-outbox-email")
    assert address not in page.content()
    expect(page.get_by_role("button", name="Show address and message")).to_have_count(0)
    findings.assert_none()
