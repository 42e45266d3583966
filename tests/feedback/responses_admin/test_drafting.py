"""Response admin: an editor drafts a response, and what the draft may hold."""

import pytest
from hypothesis import given

from core.text import CONTROL_CHARACTERS
from feedback.models import (
    Experience,
    Response,
    ResponseEvent,
)
from feedback.selectors import suggested_experience_count
from letters.models import Organisation
from tests.factories import (
    AreaFactory,
    ExperienceFactory,
    OrganisationFactory,
    ResponseFactory,
    ThemeFactory,
    create_experiences_in_bulk,
)
from tests.feedback.responses_admin.helpers import (
    ADD,
    HYPOTHESIS,
    change_url,
    draft_answers,
)
from tests.strategies import hostile_text

# Drafting -------------------------------------------------------------------


def test_an_editor_drafts_a_response_and_it_is_audited(
    editor_client, editor_user, area, forum
):
    theme = ThemeFactory()
    council = OrganisationFactory(name="Kent County Council")

    page = editor_client.post(
        ADD,
        draft_answers(
            area, forum, themes=[theme.pk], signing_organisations=[council.pk]
        ),
    )

    assert page.status_code == 302
    response = Response.objects.get()
    assert response.status == Response.Status.DRAFT
    assert response.created_by == editor_user
    assert list(response.areas.all()) == [area]
    assert list(response.themes.all()) == [theme]
    assert list(response.signing_organisations.all()) == [council]
    event = ResponseEvent.objects.get(response=response)
    assert (event.action, event.actor) == (ResponseEvent.Action.CREATED, editor_user)


def test_editing_a_draft_saves_it_and_leaves_no_second_drafted_row(
    editor_client, area, forum
):
    editor_client.post(ADD, draft_answers(area, forum))
    response = Response.objects.get()

    page = editor_client.post(
        change_url(response),
        draft_answers(area, forum, doing="Three more teams from April."),
    )

    assert page.status_code == 302
    response.refresh_from_db()
    assert response.doing == "Three more teams from April."
    assert ResponseEvent.objects.filter(response=response).count() == 1


def test_the_add_form_offers_only_forums_to_co_sign(editor_client, forum):
    council = OrganisationFactory(name="A council that is not a forum")

    page = editor_client.get(ADD)

    choices = list(page.context["adminform"].form.fields["forum"].queryset)
    assert choices == [forum]
    assert council not in choices


def test_a_response_addressed_to_a_council_is_refused(editor_client, area):
    council = OrganisationFactory(kind=Organisation.Kind.COUNCIL)

    page = editor_client.post(ADD, draft_answers(area, council))

    assert page.status_code == 200
    assert "forum" in page.context["adminform"].form.errors
    assert not Response.objects.exists()


def test_a_rejected_draft_says_why_and_keeps_every_answer(editor_client, area, forum):
    answers = draft_answers(area, forum, areas=[], slug="2024")

    page = editor_client.post(ADD, answers)

    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "Choose at least one area" in str(form.errors["areas"])
    assert "must contain a letter" in str(form.errors["slug"])
    for name in ["title", "heard", "doing", "doing_by"]:
        assert form[name].value() == answers[name]
    assert str(form["experience_count"].value()) == "23"
    assert 'value="2024"' in page.text
    assert not Response.objects.exists()


def test_the_feeds_address_is_not_offered_as_a_response_address(
    editor_client, area, forum
):
    page = editor_client.post(ADD, draft_answers(area, forum, slug="feed"))

    assert "That web address is taken" in str(
        page.context["adminform"].form.errors["slug"]
    )
    assert not Response.objects.exists()


def test_submitting_the_add_form_twice_stores_one_response(editor_client, area, forum):
    answers = draft_answers(area, forum)

    first = editor_client.post(ADD, answers)
    second = editor_client.post(ADD, answers)

    assert first.status_code == 302
    assert second.status_code == 200
    assert "already exists" in str(second.context["adminform"].form.errors["slug"])
    assert Response.objects.count() == 1
    assert ResponseEvent.objects.count() == 1


def test_huge_text_is_refused_with_its_limit(editor_client, area, forum):
    page = editor_client.post(ADD, draft_answers(area, forum, heard="a" * 10_001))

    assert page.status_code == 200
    assert "at most 10000 characters" in str(
        page.context["adminform"].form.errors["heard"]
    )
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    "count", ["", "-1", "twelve", "1e3", "12.5", "99999999999999999999", "1\x00"]
)
def test_a_count_that_is_not_a_whole_number_is_refused_clearly(
    editor_client, area, forum, count
):
    page = editor_client.post(ADD, draft_answers(area, forum, experience_count=count))

    assert page.status_code == 200
    assert page.context["adminform"].form.errors["experience_count"]
    assert not Response.objects.exists()


FREE_TEXT = hostile_text()


@HYPOTHESIS
@given(title=FREE_TEXT, heard=FREE_TEXT, doing_by=FREE_TEXT)
def test_any_text_in_a_draft_is_stored_clean_or_refused_with_the_answers_kept(
    editor_client, area, forum, title, heard, doing_by
):
    Response.objects.all().delete()
    answers = draft_answers(area, forum, title=title, heard=heard, doing_by=doing_by)

    page = editor_client.post(ADD, answers)

    if page.status_code == 302:
        response = Response.objects.get()
        for value in (response.title, response.heard, response.doing_by):
            assert value and value == value.strip()
            assert not CONTROL_CHARACTERS.search(value)
        assert "\n" not in response.title and "\n" not in response.doing_by
        assert "\r" not in response.heard
    else:
        assert page.status_code == 200
        form = page.context["adminform"].form
        assert form.errors
        assert form["slug"].value() == answers["slug"]
        assert not Response.objects.exists()


def test_the_suggested_count_is_active_experiences_in_the_areas_and_themes(
    editor_client, area, forum, django_assert_num_queries
):
    theme = ThemeFactory()
    elsewhere = AreaFactory()
    create_experiences_in_bulk(7, areas=[area], themes=[theme])
    create_experiences_in_bulk(3, areas=[area])  # no theme
    create_experiences_in_bulk(4, areas=[elsewhere], themes=[theme])
    create_experiences_in_bulk(
        2,
        areas=[area],
        themes=[theme],
        status=Experience.Status.WITHDRAWN,
        what_happened="",
    )
    both_areas = ExperienceFactory(areas=[area, elsewhere], themes=[theme])
    response = ResponseFactory(forum=forum, areas=[area])

    with django_assert_num_queries(1):
        by_area = suggested_experience_count(response)
    response.themes.set([theme])
    with django_assert_num_queries(1):
        by_area_and_theme = suggested_experience_count(response)

    assert by_area == 7 + 3 + 1
    assert by_area_and_theme == 7 + 1
    page = editor_client.get(change_url(response))
    assert "8 active experiences" in page.text
    assert both_areas.pk  # counted once, though in two of the areas


def test_a_response_naming_nothing_suggests_no_experiences(forum, area):
    create_experiences_in_bulk(3, areas=[area])

    assert suggested_experience_count(ResponseFactory(forum=forum)) == 0
