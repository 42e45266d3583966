"""Two staff pickers in a real browser: an editor names an action's owner,
and picks a letter's signatory from posts shown with their dates (a post not
held on the letter's date is refused).

Django's autocomplete boxes need JavaScript (without it they offer only what
is already chosen), so these journeys run with it on."""

import datetime

import pytest
from playwright.sync_api import expect

from letters.models import Signatory
from plans.models import Action, ImprovementPlan
from tests.browser.two_factor import sign_in_to_the_admin
from tests.factories import LetterFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.browser


def choose_in_autocomplete(page, select_id, term, option):
    """Open the autocomplete box of <select id=select_id>, search, choose."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(term)
    page.locator(".select2-results__option", has_text=option).click()


def test_an_editor_names_an_actions_owner(new_page, user_with_role):
    officer = user_with_role("Action owner", username="hm")
    officer.first_name, officer.last_name = "Hannah", "Moss"
    officer.save()
    user_with_role("Editor", username="editor")
    plan = ImprovementPlan.objects.create(
        title="Written Statement of Action",
        short_name="WSoA test",
        slug="wsoa-test",
        kind=ImprovementPlan.Kind.APP,
    )
    page = new_page()
    sign_in_to_the_admin(page, "editor")

    page.goto("/admin/plans/action/add/")
    page.get_by_label("Plan").select_option(label=str(plan))
    page.get_by_label("Reference").fill("WSoA 9.9")
    page.get_by_label("Title").fill("Publish waiting times")
    choose_in_autocomplete(page, "id_owners", "moss", "Hannah Moss")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("added successfully")
    action = Action.objects.get(reference="WSoA 9.9")
    assert list(action.owners.all()) == [officer]


def test_the_signatory_picker_shows_dates_and_refuses_a_post_that_had_ended(
    new_page, user_with_role
):
    RoleFactory(
        person=PersonFactory(name="Morgan Ashdown"),
        title="Director of SEND",
        started=datetime.date(2021, 3, 1),
        ended=datetime.date(2023, 6, 30),
    )
    letter = LetterFactory(draft=True, date=datetime.date(2026, 2, 10))
    user_with_role("Editor", username="editor")
    page = new_page()
    sign_in_to_the_admin(page, "editor")

    page.goto(f"/admin/letters/letter/{letter.pk}/change/")
    page.get_by_role("button", name="Add another Signatory").click()
    page.locator("#id_signatories-0-role + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill("Ashdown")
    option = page.locator(".select2-results__option", has_text="Morgan Ashdown")
    expect(option).to_contain_text("(from 1 March 2021 to 30 June 2023)")
    option.click()
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".errorlist").first).to_contain_text(
        "did not hold this post on the date of the letter, 10 February 2026"
    )
    assert not Signatory.objects.filter(letter=letter).exists()
