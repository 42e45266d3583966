"""The service owner, in a real browser: a first sign-in that sets up the
authenticator app, then a subject access request (find, download, erase) and
a search of the audit trail. axe checks every page, with JavaScript on and
off."""

import re

import pytest
from playwright.sync_api import expect

from core.models import DataEvent
from feedback import services
from feedback.models import Experience, ExportFile
from tests.browser.two_factor import give_second_factor
from tests.factories import ExperienceFactory

pytestmark = pytest.mark.browser
PASSWORD = "a-long-test-password"


@pytest.mark.long
@pytest.mark.parametrize("javascript", [True, False], ids=["with JS", "without JS"])
def test_a_subject_access_request_from_first_sign_in_to_erasure(
    new_page, user_with_role, assert_accessible, javascript
):
    def content_is_accessible(shown):
        """Zero axe violations on the whole page, the admin's chrome included."""
        assert_accessible(shown, as_shown=True)

    user_with_role("Administrator", username="owner")
    ExperienceFactory(
        consent_contact=True,
        contact_email="carol@example.org",
        what_happened="Carol's story.",
    )
    # A spreadsheet an analyst asked for since: it holds Carol's words.
    export = services.export_prepare(
        export_id=ExportFile.objects.create(
            requested_by=user_with_role("Analyst"), with_original_text=True
        ).pk
    )
    storage, stored = export.file.storage, export.file.name
    page = new_page(java_script_enabled=javascript)

    page.goto("/admin/data-requests/")
    page.get_by_label("Username").fill("owner")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Set up two-factor sign-in"
    )
    content_is_accessible(page)
    give_second_factor(page, "owner", check=content_is_accessible)

    expect(page).to_have_url(re.compile(r"/admin/data-requests/$"))
    page.get_by_role("button", name="Find").click()
    expect(
        page.get_by_text("Enter an email address, phone number or reference").first
    ).to_be_visible()
    content_is_accessible(page)

    page.get_by_label("Email address, phone number or reference").fill(
        "carol@example.org"
    )
    page.get_by_role("button", name="Find").click()
    expect(page.get_by_text("Carol's story.")).to_be_visible()
    content_is_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile("^Download everything")).click()
    assert download.value.suggested_filename.endswith(".zip")

    page.get_by_label(re.compile("I have checked this is the person")).check()
    page.get_by_role("button", name="Erase").click()
    expect(page.get_by_text("Erased 1 experience")).to_be_visible()
    expect(page.get_by_text("Deleted 1 spreadsheet of experiences")).to_be_visible()
    content_is_accessible(page)
    assert Experience.objects.get().status == Experience.Status.WITHDRAWN
    assert not ExportFile.objects.exists() and not storage.exists(stored)
    assert set(DataEvent.objects.values_list("action", flat=True)) == {
        "searched",
        "exported",
        "erased",
    }

    page.goto("/admin/audit/?action=data%3Aerased")
    expect(page.locator("#content-main table")).to_contain_text("Person's data erased")
    content_is_accessible(page)
    page.goto("/admin/audit/?start=no")
    expect(page.locator(".errornote")).to_contain_text("Enter the first date")
    content_is_accessible(page)

    # Nothing added here scrolls sideways on a small phone.
    page.set_viewport_size({"width": 320, "height": 800})
    for path in ["/admin/", "/admin/data-requests/", "/admin/audit/"]:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path} is {width} px wide at 320 px"
