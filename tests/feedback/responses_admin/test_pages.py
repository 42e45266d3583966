"""Response admin: hostile text shown harmless, and how many queries the
pages take."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from feedback import services
from feedback.models import Response, SignOff
from tests.factories import (
    HOSTILE,
    ForumFactory,
    OrganisationFactory,
    PublishedExperienceFactory,
    ResponseFactory,
    ThemeFactory,
    create_experiences_in_bulk,
)
from tests.feedback.responses_admin.helpers import (
    CHANGELIST,
    awaiting_response,
    change_url,
    run_action,
    step_url,
)
from tests.markup import Markup

# Hostile text -----------------------------------------------------------------


def assert_escaped(html: str) -> None:
    """The admin's own markup has icons and script files; what hostile text
    would add (an inline script, an image from `x`, a handler) must be absent,
    and the text must be there, escaped."""
    parsed = Markup()
    parsed.feed(html)
    assert not "".join(parsed.script_text).strip()
    for tag, attrs in parsed.elements:
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
    # The page looks up the response's content type, which Django keeps for
    # the life of the process: only the first page after start-up asks the
    # database, and the budget is for every page after it.
    ContentType.objects.get_for_model(Response)
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
