"""Staff admin for "You said, we did": drafting, sending for sign-off,
publishing, who may, what is shown, and how many queries it takes."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from feedback import services
from feedback.admin.responses import suggested_experience_count
from feedback.models import (
    Experience,
    ForumMember,
    ForumNote,
    Response,
    ResponseEvent,
    SignOff,
)
from feedback.text_checks import CONTROL_CHARACTERS
from letters.models import Organisation
from tests.factories import (
    HOSTILE,
    AreaFactory,
    ExperienceFactory,
    ForumFactory,
    OrganisationFactory,
    PublishedExperienceFactory,
    ResponseFactory,
    ThemeFactory,
    create_experiences_in_bulk,
)

CHANGELIST = reverse("admin:feedback_response_changelist")
ADD = reverse("admin:feedback_response_add")
HYPOTHESIS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def change_url(response):
    return reverse("admin:feedback_response_change", args=[response.pk])


def step_url(step, response):
    return reverse(f"admin:feedback_response_{step}", args=[response.pk])


@pytest.fixture
def area(db):
    return AreaFactory(short_title="Waiting for assessments")


@pytest.fixture
def editor_client(client, editor_user):
    client.force_login(editor_user)
    return client


def draft_answers(area, forum, **changes):
    """What an editor types into the add form."""
    return {
        "title": "Assessments take too long",
        "slug": "assessments-take-too-long",
        "areas": [area.pk],
        "heard": "Families told us they waited months for an assessment.",
        "experience_count": "23",
        "doing": "Two more assessment teams from April.",
        "doing_by": "Kent County Council SEN service",
        "forum": forum.pk,
    } | changes


def run_action(client, action, responses):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [r.pk for r in responses]},
        follow=True,
    )


def page_messages(page) -> list[str]:
    return [str(message) for message in page.context["messages"]]


def awaiting_response(editor_user, **fields):
    response = ResponseFactory(**fields)
    return services.response_send_for_sign_off(response=response, actor=editor_user)


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


FREE_TEXT = st.one_of(
    st.text(max_size=400),
    st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1, max_size=20),
    st.sampled_from(
        [HOSTILE, "\x00", "a\x00b", "Line one\r\nLine two", "\x7f\x1b[31m", "\ufeff"]
    ),
)


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


# The workflow ------------------------------------------------------------------


def test_draft_to_awaiting_to_published_through_the_actions(
    editor_client, editor_user, partner, area, forum, django_capture_on_commit_callbacks
):
    editor_client.post(ADD, draft_answers(area, forum))
    response = Response.objects.get()

    sent = run_action(editor_client, "send_for_sign_off", [response])
    response.refresh_from_db()
    assert response.status == Response.Status.AWAITING_SIGN_OFF
    assert "Sent 1 response(s) for partner sign-off." in page_messages(sent)

    services.response_sign_off(
        response=response, actor=partner, decision=SignOff.Decision.CO_SIGNED
    )
    with django_capture_on_commit_callbacks(execute=True):
        published = run_action(editor_client, "publish", [response])

    response.refresh_from_db()
    assert response.status == Response.Status.PUBLISHED
    assert response.published_at is not None
    assert "Published 1 response(s)." in page_messages(published)
    events = ResponseEvent.objects.filter(response=response)
    assert [(e.action, e.actor) for e in events] == [
        (ResponseEvent.Action.CREATED, editor_user),
        (ResponseEvent.Action.SENT, editor_user),
        (ResponseEvent.Action.SIGNED, partner),
        (ResponseEvent.Action.PUBLISHED, editor_user),
        (ResponseEvent.Action.NOTIFIED, None),
    ]


def test_publishing_before_the_forum_answered_is_refused_with_a_clear_message(
    editor_client, editor_user, forum
):
    response = awaiting_response(editor_user, forum=forum, title="Waiting lists")

    page = run_action(editor_client, "publish", [response])

    assert page.status_code == 200
    assert "“Waiting lists”: Kent PACT has not answered yet." in page_messages(page)
    response.refresh_from_db()
    assert response.status == Response.Status.AWAITING_SIGN_OFF
    assert not ResponseEvent.objects.filter(
        action=ResponseEvent.Action.PUBLISHED
    ).exists()


def test_one_refusal_does_not_stop_the_others_in_the_same_action(
    editor_client, editor_user, partner, forum
):
    ready = awaiting_response(editor_user, forum=forum, title="Ready")
    services.response_sign_off(
        response=ready, actor=partner, decision=SignOff.Decision.CO_SIGNED
    )
    unanswered = awaiting_response(editor_user, forum=forum, title="Unanswered")
    draft = ResponseFactory(forum=forum, title="Still a draft")

    page = run_action(editor_client, "publish", [ready, unanswered, draft])

    shown = page_messages(page)
    assert "“Unanswered”: Kent PACT has not answered yet." in shown
    assert "“Still a draft”: Send the response for sign-off first." in shown
    assert "Published 1 response(s)." in shown
    assert set(Response.objects.published()) == {ready}


def test_publishing_after_a_dissent_works_and_shows_the_note(
    editor_client, editor_user, partner, forum
):
    response = awaiting_response(editor_user, forum=forum)
    services.response_sign_off(
        response=response,
        actor=partner,
        decision=SignOff.Decision.DISSENT,
        note="Nothing changes for families before 2026.",
    )

    run_action(editor_client, "publish", [response])

    response.refresh_from_db()
    assert response.status == Response.Status.PUBLISHED
    assert response.sign_offs.get().note == "Nothing changes for families before 2026."
    page = editor_client.get(change_url(response))
    assert "Nothing changes for families before 2026." in page.text
    assert "Dissent" in page.text


def test_publishing_twice_says_it_is_already_published(
    editor_client, editor_user, partner, forum
):
    response = awaiting_response(editor_user, forum=forum, title="Once only")
    services.response_sign_off(
        response=response, actor=partner, decision=SignOff.Decision.CO_SIGNED
    )
    run_action(editor_client, "publish", [response])

    again = run_action(editor_client, "publish", [response])

    assert "“Once only”: It is already published." in page_messages(again)
    assert (
        ResponseEvent.objects.filter(action=ResponseEvent.Action.PUBLISHED).count() == 1
    )


def test_the_change_page_offers_the_next_step_as_a_button(
    editor_client, editor_user, partner, forum
):
    draft = ResponseFactory(forum=forum)
    awaiting = awaiting_response(editor_user, forum=forum)

    assert (
        step_url("send_for_sign_off", draft)
        in editor_client.get(change_url(draft)).text
    )
    page = editor_client.get(change_url(awaiting))
    assert step_url("publish", awaiting) in page.text
    assert step_url("send_for_sign_off", awaiting) not in page.text


def test_the_buttons_ask_first_then_take_the_step(
    editor_client, editor_user, partner, forum
):
    response = ResponseFactory(forum=forum, title="Transport to school")

    asked = editor_client.get(step_url("send_for_sign_off", response))
    assert asked.status_code == 200
    assert 'value="Send for partner sign-off"' in asked.text
    response.refresh_from_db()
    assert response.status == Response.Status.DRAFT

    sent = editor_client.post(step_url("send_for_sign_off", response), follow=True)
    assert "Sent “Transport to school” to Kent PACT for sign-off." in (
        page_messages(sent)
    )
    services.response_sign_off(
        response=response, actor=partner, decision=SignOff.Decision.CO_SIGNED
    )
    asked = editor_client.get(step_url("publish", response))
    assert "co-signed" in asked.text
    editor_client.post(step_url("publish", response))

    response.refresh_from_db()
    assert response.status == Response.Status.PUBLISHED


def test_the_publish_button_explains_and_refuses_before_the_forum_answers(
    editor_client, editor_user, forum
):
    response = awaiting_response(editor_user, forum=forum)

    asked = editor_client.get(step_url("publish", response))
    assert "Kent PACT has not answered yet" in asked.text
    assert 'type="submit"' not in asked.text.split('id="content"')[-1]

    tried = editor_client.post(step_url("publish", response))
    assert tried.status_code == 200
    assert "Kent PACT has not answered yet." in tried.text
    response.refresh_from_db()
    assert response.status == Response.Status.AWAITING_SIGN_OFF


@pytest.mark.parametrize(
    "status", [Response.Status.AWAITING_SIGN_OFF, Response.Status.PUBLISHED]
)
def test_a_response_once_sent_is_read_only(
    editor_client, editor_user, partner, area, forum, status
):
    response = awaiting_response(editor_user, forum=forum, areas=[area])
    if status == Response.Status.PUBLISHED:
        services.response_sign_off(
            response=response, actor=partner, decision=SignOff.Decision.CO_SIGNED
        )
        services.response_publish(response=response, actor=editor_user)
    before = Response.objects.get(pk=response.pk).doing

    shown = editor_client.get(change_url(response))
    posted = editor_client.post(
        change_url(response), draft_answers(area, forum, doing="Rewritten.")
    )

    assert shown.status_code == 200
    assert 'name="_save"' not in shown.text
    assert 'name="doing"' not in shown.text
    assert posted.status_code == 403
    assert Response.objects.get(pk=response.pk).doing == before


def test_only_a_published_response_links_to_its_public_page(
    editor_client, editor_user, partner, forum
):
    response = awaiting_response(editor_user, forum=forum)
    assert "View on site" not in editor_client.get(change_url(response)).text
    services.response_sign_off(
        response=response, actor=partner, decision=SignOff.Decision.CO_SIGNED
    )
    services.response_publish(response=response, actor=editor_user)

    page = editor_client.get(change_url(response))
    view_on_site = re.search(r'href="([^"]+)" class="viewsitelink"', page.text)[1]
    assert view_on_site == response.get_absolute_url()
    assert editor_client.get(view_on_site).status_code == 200


def test_the_publish_button_shows_a_dissent_and_its_note_first(
    editor_client, editor_user, partner, forum
):
    response = awaiting_response(editor_user, forum=forum)
    services.response_sign_off(
        response=response,
        actor=partner,
        decision=SignOff.Decision.DISSENT,
        note="Not before 2026.\nAnd not for every school.",
    )

    page = editor_client.get(step_url("publish", response))

    assert "Kent PACT does not agree" in page.text
    assert "Not before 2026.<br>And not for every school." in page.text
    assert 'value="Publish"' in page.text


def test_a_published_response_cannot_be_deleted(
    client, user_with_role, editor_user, partner, forum
):
    administrator = user_with_role("Administrator")
    client.force_login(administrator)
    response = awaiting_response(editor_user, forum=forum)
    services.response_sign_off(
        response=response, actor=partner, decision=SignOff.Decision.CO_SIGNED
    )
    services.response_publish(response=response, actor=editor_user)
    delete = reverse("admin:feedback_response_delete", args=[response.pk])

    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert 'value="delete_selected"' not in client.get(CHANGELIST).text
    assert Response.objects.filter(pk=response.pk).exists()


def test_an_administrator_may_throw_away_a_draft(client, user_with_role, forum):
    client.force_login(user_with_role("Administrator"))
    draft = ResponseFactory(forum=forum)

    client.post(
        reverse("admin:feedback_response_delete", args=[draft.pk]), {"post": "yes"}
    )

    assert not Response.objects.filter(pk=draft.pk).exists()


# Who may ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["Moderator", "Analyst"])
def test_staff_without_publish_response_cannot_add_or_change(
    client, user_with_role, role, area, forum
):
    client.force_login(user_with_role(role))
    draft = ResponseFactory(forum=forum, areas=[area])

    assert client.get(ADD).status_code == 403
    assert client.post(ADD, draft_answers(area, forum)).status_code == 403
    assert (
        client.post(
            change_url(draft), draft_answers(area, forum, doing="Rewritten.")
        ).status_code
        == 403
    )
    if role == "Moderator":
        assert client.get(change_url(draft)).status_code == 403
    else:  # analysts read responses, never change them
        assert 'name="_save"' not in client.get(change_url(draft)).text
    draft.refresh_from_db()
    assert draft.doing != "Rewritten."
    assert Response.objects.count() == 1


def test_a_forum_partner_never_reaches_the_response_admin(client, partner, area, forum):
    client.force_login(partner)
    draft = ResponseFactory(forum=forum)

    for page in [
        client.get(ADD),
        client.post(ADD, draft_answers(area, forum)),
        client.get(change_url(draft)),
        client.get(step_url("send_for_sign_off", draft)),
    ]:
        assert page.status_code in (302, 403)
        if page.status_code == 302:
            assert reverse("admin:login") in page["Location"]
    assert Response.objects.count() == 1


@pytest.mark.parametrize("role", ["Moderator", "Analyst", "Forum partner"])
def test_the_workflow_actions_are_not_offered_nor_accepted_without_the_permission(
    client, user_with_role, editor_user, partner, role, forum
):
    user = partner if role == "Forum partner" else user_with_role(role)
    client.force_login(user)
    draft = ResponseFactory(forum=forum)
    answered = awaiting_response(editor_user, forum=forum)
    services.response_sign_off(
        response=answered, actor=partner, decision=SignOff.Decision.CO_SIGNED
    )

    listing = client.get(CHANGELIST)
    run_action(client, "send_for_sign_off", [draft])
    run_action(client, "publish", [answered])
    for step, response in [("send_for_sign_off", draft), ("publish", answered)]:
        assert client.post(step_url(step, response)).status_code in (302, 403)

    assert 'value="publish"' not in listing.text
    assert 'value="send_for_sign_off"' not in listing.text
    draft.refresh_from_db()
    answered.refresh_from_db()
    assert draft.status == Response.Status.DRAFT
    assert answered.status == Response.Status.AWAITING_SIGN_OFF


def test_staff_who_may_change_but_not_publish_get_no_workflow(
    client, django_user_model, forum
):
    clerk = django_user_model.objects.create_user(
        username="clerk", password="a-long-test-password", is_staff=True
    )
    clerk.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_response", "add_response", "change_response"]
        )
    )
    client.force_login(clerk)
    draft = ResponseFactory(forum=forum)

    assert (
        step_url("send_for_sign_off", draft) not in client.get(change_url(draft)).text
    )
    assert 'value="send_for_sign_off"' not in client.get(CHANGELIST).text
    assert client.get(step_url("send_for_sign_off", draft)).status_code == 403
    run_action(client, "send_for_sign_off", [draft])
    draft.refresh_from_db()
    assert draft.status == Response.Status.DRAFT


@pytest.mark.parametrize("model", ["signoff", "responseevent"])
def test_sign_offs_and_the_trail_can_be_read_but_never_written(
    editor_client, editor_user, partner, forum, model
):
    response = awaiting_response(editor_user, forum=forum)
    sign_off = services.response_sign_off(
        response=response, actor=partner, decision=SignOff.Decision.CO_SIGNED
    )
    row = sign_off if model == "signoff" else ResponseEvent.objects.first()

    listing = editor_client.get(reverse(f"admin:feedback_{model}_changelist"))
    change = reverse(f"admin:feedback_{model}_change", args=[row.pk])

    assert listing.status_code == 200
    assert editor_client.get(reverse(f"admin:feedback_{model}_add")).status_code == 403
    assert editor_client.get(change).status_code == 200
    assert editor_client.post(change, {"note": "Rewritten."}).status_code == 403
    delete = reverse(f"admin:feedback_{model}_delete", args=[row.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403


# Partners' admin ------------------------------------------------------------------


def test_an_administrator_ties_a_partner_account_to_a_forum(
    client, user_with_role, django_user_model, forum
):
    client.force_login(user_with_role("Administrator"))
    account = django_user_model.objects.create_user(username="pact-member")
    council = OrganisationFactory(kind=Organisation.Kind.COUNCIL)
    add = reverse("admin:feedback_forummember_add")

    refused = client.post(add, {"user": account.pk, "forum": council.pk})
    accepted = client.post(add, {"user": account.pk, "forum": forum.pk})

    assert refused.status_code == 200
    assert "forum" in refused.context["adminform"].form.errors
    assert accepted.status_code == 302
    assert ForumMember.objects.get(user=account).forum == forum


def test_forum_membership_is_for_administrators_only(editor_client, forum):
    assert editor_client.get(reverse("admin:feedback_forummember_add")).status_code == (
        403
    )
    assert (
        editor_client.get(reverse("admin:feedback_forummember_changelist")).status_code
        == 403
    )


def test_the_forum_autocomplete_offers_forums_only(client, user_with_role, forum):
    client.force_login(user_with_role("Administrator"))
    OrganisationFactory(name="Kent County Council", kind=Organisation.Kind.COUNCIL)

    found = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "feedback",
            "model_name": "forummember",
            "field_name": "forum",
            "term": "",
        },
    ).json()

    assert [result["text"] for result in found["results"]] == ["Kent PACT"]


def test_staff_read_forum_notes_but_cannot_add_or_change_them(
    client, user_with_role, partner, area
):
    note = services.forum_note_add(actor=partner, text="Waits are longer.", area=area)
    for role in ["Moderator", "Administrator"]:
        client.force_login(user_with_role(role))
        change = reverse("admin:feedback_forumnote_change", args=[note.pk])

        assert (
            "Waits are longer."
            in client.get(reverse("admin:feedback_forumnote_changelist")).text
        )
        assert client.get(change).status_code == 200
        assert client.get(reverse("admin:feedback_forumnote_add")).status_code == 403
        assert client.post(change, {"text": "Rewritten."}).status_code == 403
    note.refresh_from_db()
    assert note.text == "Waits are longer."
    assert ForumNote.objects.count() == 1


# Hostile text -----------------------------------------------------------------


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []
        self.script_text = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_text.append(data)


def assert_escaped(html: str) -> None:
    """The admin's own markup has icons and script files; what hostile text
    would add (an inline script, an image from `x`, a handler) must be absent,
    and the text must be there, escaped."""
    parsed = _Elements()
    parsed.feed(html)
    assert not "".join(parsed.script_text).strip()
    for tag, attrs in parsed.found:
        assert not [name for name in attrs if name.startswith("on")], tag
        assert attrs.get("src") != "x"
    assert "&lt;script&gt;alert(" in html


def test_hostile_text_is_escaped_on_every_response_page(
    editor_client, editor_user, user_with_role, area
):
    hostile_forum = ForumFactory(name=f"Forum {HOSTILE}")
    partner = user_with_role("Forum partner", forum=hostile_forum)
    response = awaiting_response(
        editor_user,
        forum=hostile_forum,
        title=f"Title {HOSTILE}",
        heard=f"Heard {HOSTILE}",
        doing=f"Doing {HOSTILE}",
        doing_by=f"By {HOSTILE}",
        areas=[area],
    )
    services.response_sign_off(
        response=response,
        actor=partner,
        decision=SignOff.Decision.DISSENT,
        note=f"Note {HOSTILE}",
    )
    draft = ResponseFactory(forum=hostile_forum, title=f"Draft {HOSTILE}")

    pages = [
        editor_client.get(CHANGELIST),
        editor_client.get(change_url(response)),
        editor_client.get(change_url(draft)),
        editor_client.get(step_url("publish", response)),
        editor_client.get(step_url("send_for_sign_off", draft)),
        run_action(editor_client, "send_for_sign_off", [response]),
        editor_client.get(reverse("admin:feedback_signoff_changelist")),
        editor_client.get(reverse("admin:feedback_responseevent_changelist")),
    ]

    for page in pages:
        assert page.status_code == 200
        assert_escaped(page.text)
    assert "Note &lt;script&gt;" in pages[1].text


# Queries ------------------------------------------------------------------------


@pytest.fixture(params=[10, 2000], ids=lambda count: f"{count} experiences")
def busy_site(request, editor_user, user_with_role, area):
    """Experiences in the area and many responses in every state, some
    answered by the forum."""
    forum = ForumFactory(name="Kent PACT")
    partner = user_with_role("Forum partner", forum=forum)
    theme = ThemeFactory()
    create_experiences_in_bulk(request.param, areas=[area], themes=[theme])
    create_experiences_in_bulk(
        5, areas=[area], factory_class=PublishedExperienceFactory
    )
    council = OrganisationFactory()
    responses = []
    for number in range(30):
        response = ResponseFactory(forum=forum, areas=[area], themes=[theme])
        response.signing_organisations.set([council])
        if number % 3:
            services.response_send_for_sign_off(response=response, actor=editor_user)
            services.response_sign_off(
                response=response,
                actor=partner,
                decision=SignOff.Decision.DISSENT,
                note="Not enough.",
            )
        if number % 3 == 2:
            services.response_publish(response=response, actor=editor_user)
        responses.append(response)
    return responses


# Each with the device that gave the second factor.
CHANGELIST_QUERIES = 8
CHANGE_PAGE_QUERIES = 17


def test_the_response_list_runs_a_constant_number_of_queries(
    editor_client, busy_site, django_assert_max_num_queries
):
    with django_assert_max_num_queries(CHANGELIST_QUERIES):
        page = editor_client.get(CHANGELIST)

    assert page.status_code == 200
    assert page.text.count("Dissent") >= 20
    assert "Not sent yet" in page.text


def test_the_response_change_pages_run_a_constant_number_of_queries(
    editor_client, busy_site, django_assert_max_num_queries
):
    for response in busy_site[:3]:
        with django_assert_max_num_queries(CHANGE_PAGE_QUERIES):
            page = editor_client.get(change_url(response))
        assert page.status_code == 200


def test_query_counts_do_not_grow_with_more_responses(editor_client, editor_user):
    """The limits above hold at 30 responses; here, 1 against 60."""
    forum = ForumFactory()

    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            editor_client.get(CHANGELIST)
        return len(queries)

    ResponseFactory(forum=forum)
    few = count_queries()
    for _ in range(59):
        awaiting_response(editor_user, forum=forum)

    assert count_queries() == few
    assert re.search(r"60 responses", editor_client.get(CHANGELIST).text)
