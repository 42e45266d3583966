"""A forum partner in a real browser disputes a done action with a note, and
the note then shows on the action's public page. The done actions, the form
(with its error) and the public page pass axe, with and without JavaScript."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from letters.models import AreaOfWeakness, Organisation
from plans.models import Action, Confirmation, Evidence, ImprovementPlan, ProgressUpdate
from tests.browser.two_factor import give_second_factor
from tests.factories import PDF_BYTES

pytestmark = pytest.mark.browser

PASSWORD = "a-long-test-password"
TITLE = "Publish who decides what"
NOTE = "The scheme of delegation is still not online.\nFamilies cannot find it."


@pytest.fixture
def scene(site, user_with_role):
    """Kent PACT's partner, and a plan with two done actions, one of them with
    an update that has a PDF attached."""
    user_with_role(
        "Forum partner",
        username="pact",
        forum=Organisation.objects.get(slug="kent-pact"),
    )
    plan = ImprovementPlan.objects.create(
        title="Browser test confirmation plan",
        short_name="BTC",
        slug="browser-test-confirmation-plan",
        kind=ImprovementPlan.Kind.APP,
    )
    done = Action.objects.create(
        plan=plan,
        area=AreaOfWeakness.objects.get(slug="governance"),
        reference="BTC 2.1",
        title=TITLE,
        status=Action.Status.DONE,
        progress=100,
    )
    Action.objects.create(
        plan=plan, reference="BTC 2.2", title="Meet monthly", status="done"
    )
    update = ProgressUpdate.objects.create(
        action=done,
        on=datetime.date(2024, 4, 2),
        new_status=Action.Status.DONE,
        text="The scheme of delegation was approved by the board.",
    )
    Evidence.objects.create(
        update=update,
        title="Board minutes",
        file=SimpleUploadedFile("minutes.pdf", PDF_BYTES),
    )
    return {"plan": plan, "done": done}


def heading(page):
    return page.get_by_role("heading", level=1)


def expect_error(page, message):
    expect(page).to_have_title(re.compile("^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name=message)).to_be_visible()
    target = summary.get_by_role("link", name=message).get_attribute("href")
    expect(page.locator(f"{target}:is(input, textarea, select)")).to_have_count(1)


@pytest.mark.long
@pytest.mark.parametrize("javascript", [True, False], ids=["with JS", "without JS"])
def test_a_forum_partner_disputes_a_done_action_and_the_note_is_public(
    new_page, scene, assert_accessible, javascript
):
    page = new_page(java_script_enabled=javascript)

    def check(page):
        # Partner pages depend on the reader's session: axe reads them as shown.
        assert_accessible(page, as_shown=True)

    page.goto("/partners/actions/")
    expect(page).to_have_url(
        re.compile(r"/partners/sign-in/\?next=/partners/actions/$")
    )
    page.get_by_label("Username").fill("pact")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    give_second_factor(page, "pact", check)

    expect(heading(page)).to_have_text("Done actions")
    row = page.get_by_role("row").filter(has_text="BTC 2.1")
    expect(row).to_contain_text("Not answered yet")
    check(page)

    row.get_by_role("link", name=f"BTC 2.1: {TITLE}").click()
    expect(heading(page)).to_have_text(TITLE)
    expect(page.locator("main")).to_contain_text("approved by the board")
    expect(
        page.get_by_text("published beside the action on the public site")
    ).to_be_visible()
    check(page)

    page.get_by_label("Disputed: it is not done").check()
    page.get_by_role("button", name="Send your forum’s answer").click()
    expect_error(page, "Say why the forum disputes that it is done")
    expect(page.get_by_label("Disputed: it is not done")).to_be_checked()
    check(page)

    page.get_by_label("Note", exact=True).fill(NOTE)
    page.get_by_role("button", name="Send your forum’s answer").click()

    expect(heading(page)).to_have_text("Done actions")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Kent PACT disputes that BTC 2.1 is done"
    )
    expect(page.get_by_role("row").filter(has_text="BTC 2.1")).to_contain_text(
        "Disputed"
    )
    check(page)
    confirmation = Confirmation.objects.get(action=scene["done"])
    assert confirmation.verdict == Confirmation.Verdict.DISPUTED
    assert confirmation.note == NOTE

    page.goto(f"/progress/{scene['plan'].slug}/{scene['done'].pk}/")
    expect(heading(page)).to_have_text(TITLE)
    main = page.locator("main")
    expect(main.locator(".govuk-tag", has_text="Disputed by Kent PACT")).to_be_visible()
    expect(main).to_contain_text("The scheme of delegation is still not online.")
    expect(main).to_contain_text("Families cannot find it.")
    expect(main.get_by_role("link", name="Board minutes")).to_be_visible()
    assert_accessible(page)

    page.goto("/progress/")
    plan = page.locator("section").filter(
        has=page.get_by_role("heading", name="Browser test confirmation plan")
    )
    expect(plan).to_contain_text("1 action marked done that the parents’ forum says")
    assert_accessible(page)

    # Reopened: the forum's word stays, said to be from when it was done.
    Action.objects.filter(pk=scene["done"].pk).update(status=Action.Status.ON_TRACK)
    page.goto(f"/progress/{scene['plan'].slug}/{scene['done'].pk}/")
    expect(main).to_contain_text("This action is no longer marked done.")
    expect(main).to_contain_text("when the action was marked done")
    assert_accessible(page)
