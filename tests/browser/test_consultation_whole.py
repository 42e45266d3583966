"""A consultation from first draft to "We asked, you said, we did", in a
real browser (issue 14's "Done when"): an editor builds it in the admin with
one question of each kind, a forum partner comments on the draft, it opens
by the clock, two parents answer on a phone (with and without JavaScript),
a moderator themes the written answer, it closes by the clock, the editor
publishes the outcome once the forum has co-signed it, and the parent who
asked to hear back is emailed. Every page passes axe, and none scrolls
sideways at 320 px."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from consultations.models import Answer, Consultation, ConsultationResponse
from letters.models import AreaOfWeakness, Organisation
from tests.browser.consultation_steps import (
    HOLIDAYS,
    PHONE,
    answer_every_kind,
    phone_check,
)
from tests.browser.test_partners import sign_in as partner_sign_in
from tests.browser.two_factor import sign_in_to_the_admin
from tests.factories import ThemeFactory

pytestmark = [pytest.mark.browser, pytest.mark.long]

TITLE = "Short breaks: a new offer"
QUESTIONS = [
    # kind, question, options, on the page before, required
    ("one", "Which plan do you prefer?", "Plan A\nPlan B", False, True),
    ("short", "Your plan's name", "", True, True),
    (
        "several",
        "Which services have you used?",
        "Short breaks\nRespite\nHoliday clubs",
        False,
        True,
    ),  # noqa: E501
    ("scale", "Short breaks should be closer to home", "", False, True),
    ("areas", "Which areas matter most?", "", False, False),
    ("long", "Anything else?", "", False, False),
]


@pytest.fixture
def people(site, user_with_role):
    cache.clear()
    kent_pact = Organisation.objects.get(slug="kent-pact")
    ThemeFactory(name="Holiday provision", slug="holiday-provision")
    return {
        "editor": user_with_role("Editor", username="editor"),
        "moderator": user_with_role("Moderator", username="moderator"),
        "partner": user_with_role("Forum partner", username="pact", forum=kent_pact),
    }


def staff_check(assert_accessible):
    """Axe at the width the page was opened, then nothing wider than a
    phone at 320 px."""

    def check(page):
        assert_accessible(page)
        size = page.viewport_size
        page.set_viewport_size({"width": PHONE, "height": size["height"]})
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE, f"{page.url} is {width} px wide"
        page.set_viewport_size(size)

    return check


def choose(page, select_id, term, option):
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(term)
    page.locator(".select2-results__option", has_text=option).first.click()


def local(moment):
    moment = timezone.localtime(moment)
    return moment.strftime("%Y-%m-%d"), moment.strftime("%H:%M")


def build_the_consultation(page, check, opens_at, closes_at):
    page.goto("/admin/consultations/consultation/add/")
    check(page)
    page.get_by_label("Title:").fill(TITLE)
    page.get_by_label("Summary:").fill("How short breaks should work from next year.")
    page.get_by_label("Audience:").fill("Parents and carers of disabled children")
    page.get_by_label("Why we are asking now:").fill("The current contracts end.")
    page.get_by_label("What can still change:").fill("Which breaks, and where.")
    choose(page, "id_organisations", "Kent County", "Kent County Council")
    area = AreaOfWeakness.objects.order_by("pk").first()
    choose(page, "id_areas", str(area).split()[0], str(area))
    for name, moment in (("opens_at", opens_at), ("closes_at", closes_at)):
        day, time = local(moment)
        page.locator(f"#id_{name}_0").fill(day)
        page.locator(f"#id_{name}_1").fill(time)
    page.get_by_label("Outcome promised by:").fill(
        (closes_at + datetime.timedelta(weeks=8)).strftime("%Y-%m-%d")
    )
    page.get_by_label("Shown to the public").check()
    for row, (kind, text, options, with_previous, required) in enumerate(QUESTIONS):
        page.get_by_role("button", name="Add another question").click()
        page.locator(f"#id_questions-{row}-position").fill(str(row + 1))
        page.locator(f"#id_questions-{row}-kind").select_option(kind)
        page.locator(f"#id_questions-{row}-text").fill(text)
        page.locator(f"#id_questions-{row}-options").fill(options)
        page.locator(f"#id_questions-{row}-with_previous").set_checked(with_previous)
        page.locator(f"#id_questions-{row}-required").set_checked(required)
    page.locator("#id_questions-5-easy_read_text").fill("Tell us more")
    page.get_by_role("button", name="Save", exact=True).click()
    # Open for a few hours: the editor must say why.
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.get_by_text("It is open for less than 6 weeks.")).to_be_visible()
    check(page)
    page.get_by_label("Why this timing:").fill("A short test of the service.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    check(page)
    consultation = Consultation.objects.get(title=TITLE)
    assert consultation.questions.count() == 6
    assert consultation.state == Consultation.State.UPCOMING
    return consultation


def forum_reviews_the_draft(page, check, consultation):
    page.goto("/partners/sign-in/")
    partner_sign_in(page, "pact")
    page.goto("/partners/consultations/")
    check(page)
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_text("Which plan do you prefer?")).to_be_visible()
    check(page)
    page.get_by_label("Your forum’s note").fill("Say which areas the breaks cover.")
    page.get_by_role("button", name="Add the note").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Note added")
    check(page)
    assert consultation.draft_notes.count() == 1


def moderator_themes_the_written_answer(page, check):
    page.goto("/admin/consultations/answer/")
    check(page)
    page.get_by_role("link", name="Anything else?").first.click()
    page.get_by_label("May be quoted").check()
    page.get_by_label("Holiday provision").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_be_visible()
    check(page)


def editor_writes_the_outcome(page, check, consultation):
    page.goto("/admin/consultations/outcome/add/")
    check(page)
    choose(page, "id_consultation", "Short breaks", TITLE)
    choose(page, "id_forum", "Kent PACT", "Kent PACT")
    page.get_by_label("We asked:").fill("How short breaks should work.")
    page.get_by_label("You said:").fill("Most of you preferred plan B.")
    page.get_by_label("We did:").fill("We chose plan B, starting in April.")
    page.get_by_role("button", name="Save and continue editing").click()
    check(page)
    page.get_by_role("link", name="Send for forum sign-off").click()
    check(page)
    page.get_by_role("button", name="Send for forum sign-off").click()
    expect(page.locator(".messagelist")).to_be_visible()
    return consultation.outcome


def forum_co_signs(page, check, outcome):
    page.goto(f"/partners/consultations/outcomes/{outcome.pk}/")
    check(page)
    page.get_by_label("Yes, co-sign it").check()
    page.get_by_role("button", name="Send your forum’s answer").click()
    expect(page.locator("#answer")).to_be_visible()
    check(page)


def test_a_consultation_from_draft_to_outcome(
    people, new_page, assert_accessible, travel_to
):
    staff = staff_check(assert_accessible)
    now = timezone.now().replace(second=0, microsecond=0)
    opens_at = now + datetime.timedelta(hours=2)
    closes_at = opens_at + datetime.timedelta(hours=3)

    editor = new_page()
    sign_in_to_the_admin(editor, "editor")
    consultation = build_the_consultation(editor, staff, opens_at, closes_at)

    partner = new_page(viewport={"width": PHONE, "height": 740})
    forum_reviews_the_draft(partner, phone_check(assert_accessible, True), consultation)

    # It opens by the clock.
    travel_to(opens_at + datetime.timedelta(minutes=1))
    references = {}
    for javascript, email in ((False, None), (True, "parent@example.org")):
        parent = new_page(
            java_script_enabled=javascript, viewport={"width": PHONE, "height": 740}
        )
        check = phone_check(assert_accessible, javascript)
        parent.goto(consultation.get_absolute_url())
        expect(
            parent.get_by_text("Reviewed before it opened by Kent PACT")
        ).to_be_visible()
        check(parent)
        references[javascript] = answer_every_kind(
            parent, check, javascript=javascript, email=email
        )
    assert ConsultationResponse.objects.filter(consultation=consultation).count() == 2

    moderator = new_page()
    sign_in_to_the_admin(moderator, "moderator")
    moderator_themes_the_written_answer(moderator, staff)
    quotable = Answer.objects.filter(review=Answer.Review.QUOTABLE)
    assert quotable.count() == 1
    assert list(quotable.get().themes.values_list("slug", flat=True)) == [
        "holiday-provision"
    ]

    # It closes by the clock.
    travel_to(closes_at + datetime.timedelta(minutes=1))
    editor = new_page()
    sign_in_to_the_admin(editor, "editor")
    outcome = editor_writes_the_outcome(editor, staff, consultation)
    partner = new_page(viewport={"width": PHONE, "height": 740})
    partner.goto("/partners/sign-in/")
    partner_sign_in(partner, "pact")
    forum_co_signs(partner, phone_check(assert_accessible, True), outcome)

    mail.outbox.clear()
    editor.goto(f"/admin/consultations/outcome/{outcome.pk}/change/")
    editor.get_by_role("link", name="Publish").click()
    staff(editor)
    editor.get_by_role("button", name="Publish").click()
    expect(editor.locator(".messagelist")).to_be_visible()
    staff(editor)

    told = [message for message in mail.outbox if "parent@example.org" in message.to]
    assert len(told) == 1
    assert outcome.get_absolute_url() in told[0].body

    reader = new_page(viewport={"width": PHONE, "height": 740})
    reader.goto(outcome.get_absolute_url())
    expect(reader.get_by_text(HOLIDAYS)).to_be_visible()
    expect(reader.get_by_text("Kent PACT")).to_be_visible()
    phone_check(assert_accessible, True)(reader)
