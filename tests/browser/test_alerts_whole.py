"""Email alerts from end to end, in a real browser (issue 15's "Done when"):
a parent asks for emails from an area page with JavaScript off, "As it
happens", and confirms from the email; another asks for "Once a week". An
editor publishes a letter about the area and a response in the staff admin;
the worker sends the parent one email each, and the weekly digest gathers
both. The parent stops everything with one click, as a mail client would
(RFC 8058: a POST with no cookie and no CSRF token), and the link to manage
their emails says nothing is left. Every page passes axe and the Nu HTML
checker (conftest.py); the public ones fit a 320 px phone.

Emails go through the database queue, and the test runs the worker where a
server's worker would run."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from alerts.models import Subscriber, Subscription
from core.models import OutboundEmail
from feedback import services as feedback_services
from feedback.models import Response
from letters.models import AreaOfWeakness, Letter, Organisation
from tests.browser.consultation_steps import PHONE, phone_check
from tests.browser.two_factor import sign_in_to_the_admin
from tests.core.test_outbox import DATABASE_TASKS, run_worker
from tests.factories import LetterFactory, ResponseFactory

pytestmark = [pytest.mark.browser, pytest.mark.long]

PARENT = "parent@example.org"
WEEKLY = "weekly@example.org"
LETTER = "Waiting times: what we are changing"
RESPONSE = "You told us about waiting times"
MANAGE = re.compile(r"https?://\S+(/alerts/manage/\S+/)")
CONFIRM = re.compile(r"https?://\S+(/alerts/confirm/\S+/)")


def heading(page):
    return page.get_by_role("heading", level=1)


def emails_to(address, purpose):
    return list(
        OutboundEmail.objects.filter(to=address, purpose=purpose).order_by("pk")
    )


@pytest.fixture
def scene(site, settings, user_with_role):
    cache.clear()  # no earlier tries counted against the limits
    settings.TASKS = DATABASE_TASKS
    settings.SITE_URL = site.url  # the emails' links lead to the live server
    area = AreaOfWeakness.objects.order_by("pk").first()
    kent_pact = Organisation.objects.get(slug="kent-pact")
    return {
        "area": area,
        "editor": user_with_role("Editor", username="editor"),
        "partner": user_with_role("Forum partner", username="pact", forum=kent_pact),
        "forum": kent_pact,
    }


def subscribe(page, check, area, email, frequency):
    """From the area's page to "You are subscribed", the confirmation read
    from the outbox once the worker has sent it."""
    page.goto(area.get_absolute_url())
    check(page)
    page.get_by_role("link", name="Get emails about this area").click()
    expect(heading(page)).to_have_text("Get emails about this")
    check(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label(frequency).check()
    page.get_by_role("button", name="Subscribe").click()
    expect(heading(page)).to_have_text("Check your email")
    check(page)

    run_worker()
    (confirmation,) = emails_to(email, "alerts-confirm")
    assert confirmation.status == OutboundEmail.Status.SENT
    page.goto(CONFIRM.search(confirmation.body).group(1))
    expect(heading(page)).to_have_text("Confirm your email alerts")
    expect(page.locator("main")).to_contain_text(frequency.lower())
    check(page)
    page.get_by_role("button", name="Confirm").click()
    expect(heading(page)).to_have_text("You are subscribed")
    check(page)


def publish_the_letter(page, assert_accessible, letter):
    """The letters list's "Publish selected letters now"."""
    page.goto("/admin/letters/letter/?status__exact=draft")
    assert_accessible(page)
    page.locator(f"input[name=_selected_action][value='{letter.pk}']").check()
    page.locator("select[name=action]").select_option("publish_now")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("Published 1 letter(s).")
    assert_accessible(page)


def publish_the_response(page, assert_accessible, response):
    """The response's own "Publish" button, after its confirmation page."""
    page.goto(f"/admin/feedback/response/{response.pk}/change/")
    assert_accessible(page)
    page.get_by_role("link", name="Publish", exact=True).click()
    assert_accessible(page)
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messagelist")).to_contain_text(f"Published “{RESPONSE}”.")
    assert_accessible(page)


def test_a_parent_is_told_of_a_letter_and_a_response_and_unsubscribes(
    scene, new_page, assert_accessible
):
    area = scene["area"]
    parent = new_page(
        java_script_enabled=False, viewport={"width": PHONE, "height": 740}
    )
    parent_check = phone_check(assert_accessible, False)
    subscribe(parent, parent_check, area, PARENT, "As it happens")
    weekly = new_page(viewport={"width": PHONE, "height": 740})
    subscribe(weekly, phone_check(assert_accessible, True), area, WEEKLY, "Once a week")
    assert Subscriber.objects.confirmed().count() == 2

    # A draft letter about the area, and a response the forum has co-signed
    # (drafted and signed through the services: their pages have tests of
    # their own); the editor publishes each in the staff admin.
    kcc = Organisation.objects.get(slug="kent-county-council")
    letter = LetterFactory(
        draft=True, title=LETTER, slug="waiting-times-changes", senders=[kcc]
    )
    letter.areas.set([area])
    response = ResponseFactory(title=RESPONSE, forum=scene["forum"], areas=[area])
    feedback_services.response_send_for_sign_off(
        response=response, actor=scene["editor"]
    )
    feedback_services.response_sign_off(
        response=response, actor=scene["partner"], decision="co-signed"
    )
    editor = new_page()
    sign_in_to_the_admin(editor, "editor")

    publish_the_letter(editor, assert_accessible, letter)
    assert Letter.objects.get(pk=letter.pk).status == Letter.Status.PUBLISHED
    assert emails_to(PARENT, "alert") == []  # the request only queued its task
    run_worker()
    publish_the_response(editor, assert_accessible, response)
    assert Response.objects.get(pk=response.pk).status == Response.Status.PUBLISHED
    run_worker()

    # One email each, sent, and nothing yet for the weekly reader.
    told = emails_to(PARENT, "alert")
    assert [email.subject for email in told] == [
        f"New letter: {LETTER}",
        f"You said, we did: {RESPONSE}",
    ]
    assert all(email.status == OutboundEmail.Status.SENT for email in told)
    assert [m.subject for m in mail.outbox if m.to == [PARENT]] == [
        "Confirm your email alerts",
        *(email.subject for email in told),
    ]
    assert emails_to(WEEKLY, "alert") == []
    assert emails_to(WEEKLY, "alert-digest") == []

    # The link in the email leads to the letter.
    parent.goto(re.search(r"https?://\S+(/letters/\S+/)", told[0].body).group(1))
    expect(heading(parent)).to_have_text(LETTER)
    parent_check(parent)

    call_command("send_alert_digests", verbosity=0)
    call_command("send_alert_digests", verbosity=0)  # a second run: nothing
    run_worker()
    (digest,) = emails_to(WEEKLY, "alert-digest")
    assert digest.status == OutboundEmail.Status.SENT
    assert "2 updates this week" in digest.subject
    assert LETTER in digest.body and RESPONSE in digest.body
    assert emails_to(PARENT, "alert-digest") == []

    # One click in the parent's mail client: a POST to the header's link,
    # from a browser that has never been to the site (no cookie, no token).
    latest = told[-1]
    assert latest.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(r"<(.+)>", latest.headers["List-Unsubscribe"]).group(1)
    mail_client = new_page().context
    assert mail_client.cookies() == []
    answer = mail_client.request.post(
        unsubscribe, form={"List-Unsubscribe": "One-Click"}, max_redirects=0
    )
    assert answer.status == 200
    assert not Subscriber.objects.filter(email=PARENT).exists()
    assert not Subscription.objects.filter(subscriber__email=PARENT).exists()

    # The manage link from the email: nothing is left, not even the address.
    parent.goto(MANAGE.search(latest.body).group(1))
    expect(heading(parent)).to_have_text("This link does not work")
    expect(parent.locator("main")).to_contain_text(
        "we no longer hold your email address"
    )
    parent_check(parent)
    assert Subscriber.objects.filter(email=WEEKLY).exists()
