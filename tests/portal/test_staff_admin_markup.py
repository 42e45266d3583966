"""The staff admin's markup as the server sends it, read without a browser:
the overrides that make Django's admin pass axe-core and the Nu HTML Checker
(tests/browser/test_staff_admin.py checks the pages themselves)."""

import re

import pytest
from django.urls import reverse

from tests.factories import LetterFactory, RoleFactory, SignatoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator_client(client, user_with_role):
    client.force_login(user_with_role("Administrator"))
    return client


def test_every_admin_page_loads_the_portals_fixes(editor_client):
    page = editor_client.get(reverse("admin:index")).text
    assert "portal/admin.css" in page
    assert re.search(r'<script src="[^"]*portal/admin\.js" defer>', page)


def test_a_list_scrolls_in_a_labelled_box_the_keyboard_reaches(editor_client):
    LetterFactory()
    page = editor_client.get(reverse("admin:letters_letter_changelist")).text
    box = re.search(r'<div class="app-scroll"[^>]*>\s*<div class="results">', page)
    assert box, "the results table is not in a scroll box"
    assert 'role="region"' in box.group()
    assert 'aria-label="Letters"' in box.group()
    assert 'tabindex="0"' in box.group()


def test_an_empty_autocomplete_choice_says_none(editor_client):
    letter = LetterFactory()
    page = editor_client.get(
        reverse("admin:letters_letter_change", args=[letter.pk])
    ).text
    select = re.search(r'<select name="in_reply_to".*?</select>', page, re.S).group()
    assert '<option value="">None</option>' in select
    assert '<option value=""></option>' not in page


def test_inline_rows_have_labels_and_no_empty_headers(editor_client):
    signatory = SignatoryFactory(role=RoleFactory())
    page = editor_client.get(
        reverse("admin:letters_letter_change", args=[signatory.letter.pk])
    ).text
    assert '<th class="original"></th>' not in page
    assert re.search(r"<th>\s*</th>", page) is None
    assert '<label class="visually-hidden" for="id_signatories-0-order">' in page
    assert '<label class="visually-hidden" for="id_signatories-0-DELETE">' in page


def test_a_users_page_has_no_disabled_div_and_no_date_inputs(
    administrator_client, user_with_role
):
    moderator = user_with_role("Moderator")
    page = administrator_client.get(
        reverse("admin:accounts_user_change", args=[moderator.pk])
    ).text
    assert "<div disabled" not in page
    assert 'id="id_last_login_0"' not in page
    assert 'id="id_date_joined_0"' not in page


def test_the_sign_in_page_has_a_level_one_heading(client):
    page = client.get(reverse("admin:login")).text
    assert re.search(r"<h1>\s*Log in\s*</h1>", page)
