""" "You said, we did": published responses only, each year's page (the
regulation 56 publication), the forum's sign-off or dissent, the sitemap and
search, in a constant number of queries."""

import datetime
import re

import pytest
from django.shortcuts import render
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from feedback import services
from feedback.models import Response, SignOff
from feedback.public_views import RESPONSES_PER_PAGE
from portal import search
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
from tests.sitemaps import whole_sitemap
from tests.strategies import examples

RESPONSES = reverse("feedback:responses")
RESPONSES_SITEMAP = reverse("sitemap-section", kwargs={"section": "responses"})
HYPOTHESIS = examples(40)


def moment(year, month=6, day=15):
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


def year_url(year):
    return reverse("feedback:responses-year", kwargs={"year": year})


def kent_pact():
    return ForumFactory(
        name="Kent PACT (Parents and Carers Together)", short_name="Kent PACT"
    )


def published_response(*, decision=SignOff.Decision.CO_SIGNED, note="", **fields):
    """A published response and its forum's answer, as the services leave them."""
    fields.setdefault("published_at", timezone.now())
    response = ResponseFactory(status=Response.Status.PUBLISHED, **fields)
    if decision:
        SignOff.objects.create(
            response=response, forum=response.forum, decision=decision, note=note
        )
    return response


@pytest.fixture
def response(db):
    council = OrganisationFactory(name="Kent County Council")
    nhs = OrganisationFactory(name="NHS Kent and Medway", kind="nhs")
    published = published_response(
        title="Assessments take too long",
        slug="assessments-take-too-long",
        forum=kent_pact(),
        heard="Families waited months for an EHC needs assessment.",
        experience_count=42,
        doing="Two more assessment teams from September.",
        doing_by="SEN assessment service",
        areas=[AreaFactory(short_title="Waiting times", slug="waiting-times")],
        themes=[ThemeFactory(name="Long waits", slug="long-waits")],
        published_at=moment(2024, 3, 5),
    )
    published.signing_organisations.set([council, nhs])
    return published


def test_a_response_page_says_what_was_heard_what_is_done_and_who_signed(
    client, response
):
    page = client.get(response.get_absolute_url())

    assert page.status_code == 200
    text = page.text
    assert "<h1" in text and "Assessments take too long</h1>" in text
    assert "What we heard" in text
    assert "Families waited months for an EHC needs assessment." in text
    assert "From 42 experiences" in text
    assert "What we are doing" in text
    assert "Two more assessment teams from September." in text
    assert "SEN assessment service" in text
    assert "Signed by Kent County Council and NHS Kent and Medway." in text
    assert "Co-signed by Kent PACT" in text
    assert "dissent" not in text.lower()
    assert '<time datetime="2024-03-05">5 March 2024</time>' in text
    assert 'href="/areas/waiting-times/"' in text
    assert 'href="/experiences/?theme=long-waits"' in text


def test_a_dissent_note_is_published_beside_the_response_and_labelled(client, db):
    dissent = published_response(
        forum=kent_pact(),
        decision=SignOff.Decision.DISSENT,
        note="Families tell us the new teams are not enough.",
    )

    text = client.get(dissent.get_absolute_url()).text

    assert "Kent PACT, the parent carer forum, did not co-sign this response." in text
    assert "Note of dissent from Kent PACT" in text
    assert "Families tell us the new teams are not enough." in text
    assert "Co-signed by" not in text


@pytest.mark.parametrize(("heard_from", "shown"), [(3, "fewer than 5"), (5, "5")])
def test_the_count_of_experiences_heard_under_five_reads_fewer_than_five(
    client, db, heard_from, shown
):
    answer = published_response(experience_count=heard_from)

    text = client.get(answer.get_absolute_url()).text

    assert f"From {shown} experiences" in text


@pytest.mark.parametrize(
    "status", [Response.Status.DRAFT, Response.Status.AWAITING_SIGN_OFF]
)
def test_a_response_not_yet_published_is_not_found_anywhere(client, db, status):
    hidden = ResponseFactory(
        status=status, title="Hidden draft answer", published_at=moment(2024)
    )
    published_response(title="A published answer", published_at=moment(2024))

    assert client.get(hidden.get_absolute_url()).status_code == 404
    for url in [RESPONSES, year_url(2024), RESPONSES_SITEMAP]:
        page = client.get(url)
        assert page.status_code == 200
        assert "Hidden draft answer" not in page.text
        assert hidden.get_absolute_url() not in page.text
    assert hidden not in search.search_responses("answer")


def test_a_year_with_only_unpublished_responses_has_no_page(client, db):
    ResponseFactory(status=Response.Status.AWAITING_SIGN_OFF)

    assert client.get(year_url(timezone.now().year)).status_code == 404


@pytest.mark.parametrize("year", [0, 1999, 10_000, 99_999_999_999_999_999_999])
def test_a_year_out_of_range_is_not_found(client, db, year):
    assert client.get(f"/you-said-we-did/{year}/").status_code == 404


def test_a_year_page_gathers_only_that_years_responses(client, db):
    published_response(title="Answer of 2023", published_at=moment(2023, 12, 1))
    published_response(title="First answer of 2024", published_at=moment(2024, 1, 2))
    published_response(title="Later answer of 2024", published_at=moment(2024, 11))
    published_response(title="Answer of 2025", published_at=moment(2025, 1, 3))

    page = client.get(year_url(2024))

    assert page.status_code == 200
    assert "First answer of 2024" in page.text
    assert "Later answer of 2024" in page.text
    assert "Answer of 2023" not in page.text
    assert "Answer of 2025" not in page.text
    assert "2 responses published in 2024" in page.text
    # The links to the other years' pages.
    assert f'href="{year_url(2023)}"' in page.text
    assert f'href="{year_url(2025)}"' in page.text


def test_a_year_page_says_it_is_the_regulation_56_publication(client, db):
    published_response(published_at=moment(2024))

    text = client.get(year_url(2024)).text

    assert "regulation 56 of the Special Educational Needs and Disability" in text
    assert "the comments we received" in text
    assert "including the action it intends to take" in text
    assert "Nothing here identifies anyone who commented." in text


def test_the_year_page_tells_of_every_response_in_full(client, response):
    text = client.get(year_url(2024)).text

    assert "Families waited months for an EHC needs assessment." in text
    assert "Two more assessment teams from September." in text
    assert "Co-signed by Kent PACT" in text
    assert f'href="{response.get_absolute_url()}"' in text


def test_the_list_shows_responses_newest_first_grouped_by_year(client, db):
    published_response(title="Older answer", published_at=moment(2023))
    published_response(title="Newer answer", published_at=moment(2024))

    text = client.get(RESPONSES).text

    assert text.index("Published in 2024") < text.index("Newer answer")
    assert text.index("Newer answer") < text.index("Published in 2023")
    assert text.index("Published in 2023") < text.index("Older answer")
    assert f'href="{year_url(2024)}"' in text
    assert f'href="{year_url(2023)}"' in text


def test_the_list_says_whether_the_forum_co_signed_or_dissented(client, db):
    forum = kent_pact()
    published_response(title="Agreed answer", forum=forum)
    published_response(
        title="Disputed answer",
        forum=forum,
        decision=SignOff.Decision.DISSENT,
        note="Not enough.",
    )

    text = client.get(RESPONSES).text

    assert "Co-signed by Kent PACT" in text
    assert "Kent PACT did not co-sign" in text


def test_the_list_is_paginated(client, db):
    for number in range(RESPONSES_PER_PAGE + 1):
        published_response(published_at=moment(2024) - datetime.timedelta(number))

    first = client.get(RESPONSES).text
    second = client.get(RESPONSES, {"page": "2"}).text

    assert first.count('class="govuk-!-margin-bottom-6"') == RESPONSES_PER_PAGE
    assert second.count('class="govuk-!-margin-bottom-6"') == 1
    assert f"{RESPONSES_PER_PAGE + 1} responses" in first


def test_the_list_filters_by_area_and_theme(client, db):
    area, theme = AreaFactory(slug="an-area"), ThemeFactory(slug="a-theme")
    published_response(title="About the area", areas=[area])
    published_response(title="About the theme", themes=[theme])

    by_area = client.get(RESPONSES, {"area": "an-area"}).text
    by_theme = client.get(RESPONSES, {"theme": "a-theme"}).text

    assert "About the area" in by_area and "About the theme" not in by_area
    assert "About the theme" in by_theme and "About the area" not in by_theme


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"area": "no-such-area"}, "Choose an area from the list"),
        ({"theme": "\x00"}, "Choose a theme from the list"),
    ],
)
def test_a_bad_filter_value_gives_a_clear_message(client, db, query, message):
    page = client.get(RESPONSES, query)

    assert page.status_code == 200
    assert page.text.count(message) == 2
    assert re.search(r"<title>Error: You said, we did", page.text)


@HYPOTHESIS
@given(
    query=st.dictionaries(
        st.sampled_from(["area", "theme", "page"]),
        st.lists(st.text(), max_size=3),
    )
)
def test_any_filter_values_give_a_page_never_a_server_error(client, db, query):
    assert client.get(RESPONSES, query).status_code == 200


def test_hostile_text_is_escaped_on_every_response_page(client, db, assert_harmless):
    hostile = published_response(
        title=HOSTILE,
        slug="hostile",
        heard=HOSTILE,
        doing=HOSTILE,
        doing_by=HOSTILE,
        forum=ForumFactory(name=HOSTILE, short_name=HOSTILE),
        decision=SignOff.Decision.DISSENT,
        note=HOSTILE,
        areas=[AreaFactory(short_title=HOSTILE)],
        themes=[ThemeFactory(name=HOSTILE)],
        published_at=moment(2024),
    )
    hostile.signing_organisations.set([OrganisationFactory(name=HOSTILE)])

    for url in [RESPONSES, year_url(2024), hostile.get_absolute_url()]:
        page = client.get(url)
        assert page.status_code == 200
        assert_harmless(page.text)
        assert "&lt;script&gt;" in page.text


def test_you_said_we_did_is_marked_as_the_current_section_of_the_menu(client, db):
    answer = published_response(published_at=moment(2024))

    for url in [RESPONSES, year_url(2024), answer.get_absolute_url()]:
        text = client.get(url).text
        assert re.search(
            r'href="/you-said-we-did/" aria-current="(page|true)">'
            r"<strong[^>]*>You said, we did<",
            text,
        )


def test_the_sitemap_lists_published_responses_their_years_and_the_lists(client, db):
    published = published_response(published_at=moment(2024))
    draft = ResponseFactory()

    xml = whole_sitemap(client)

    assert f"{published.get_absolute_url()}</loc>" in xml
    assert f"{year_url(2024)}</loc>" in xml
    assert f"{RESPONSES}</loc>" in xml
    assert f"{reverse('feedback:experiences')}</loc>" in xml
    assert f"{draft.get_absolute_url()}</loc>" not in xml


def test_search_finds_published_responses_and_public_versions_only(db):
    shown = published_response(heard="Families waited for speech therapy.")
    ResponseFactory(heard="Draft about speech therapy.")
    public = PublishedExperienceFactory(
        what_happened="Original words: orthoptist.",
        public_version="We waited for speech therapy.",
    )
    ExperienceFactory(public_version="Not published: speech therapy.")

    assert list(search.search_responses("speech therapy")) == [shown]
    assert list(search.search_experiences("speech therapy")) == [public]
    # The original text is never searched: a search cannot reveal what a
    # moderator took out.
    assert list(search.search_experiences("orthoptist")) == []


def test_search_results_show_responses_and_experiences_escaped(db, assert_harmless):
    """The search page as its view renders it with the parents' voice added."""
    answer = published_response(title=f"{HOSTILE} waiting", heard=HOSTILE)
    PublishedExperienceFactory(
        public_version=f"{HOSTILE} waiting", areas=[AreaFactory(short_title=HOSTILE)]
    )
    experiences = list(search.search_experiences("waiting"))
    responses = list(search.search_responses("waiting"))
    request = RequestFactory().get("/search/", {"q": "waiting"})

    html = render(
        request,
        "portal/search.html",
        {
            "query": "waiting",
            "searched": True,
            "letters": [],
            "areas": [],
            "experiences": experiences,
            "responses": responses,
            "result_count": len(experiences) + len(responses),
        },
    ).content.decode()

    assert_harmless(html)
    assert "Experiences shared by families" in html
    assert f'href="{answer.get_absolute_url()}"' in html
    assert "&lt;script&gt;" in html


@pytest.fixture(params=[10, 2_000], ids=lambda count: f"{count} experiences")
def busy(request, db):
    """Many experiences, and responses in proportion, each with areas, themes,
    signing organisations and a sign-off; some from other years; drafts too."""
    areas = [AreaFactory(), AreaFactory()]
    themes = [ThemeFactory(), ThemeFactory()]
    signers = [OrganisationFactory(), OrganisationFactory()]
    create_experiences_in_bulk(
        request.param,
        areas=areas,
        themes=themes,
        factory_class=PublishedExperienceFactory,
    )
    forum = kent_pact()
    responses = []
    for number in range(max(3, request.param // 40)):
        answer = published_response(
            forum=forum,
            areas=areas,
            themes=themes,
            published_at=moment(2024 - number % 3) - datetime.timedelta(number),
            decision=[SignOff.Decision.CO_SIGNED, SignOff.Decision.DISSENT][number % 2],
            note="Not enough." if number % 2 else "",
        )
        answer.signing_organisations.set(signers)
        responses.append(answer)
    ResponseFactory(forum=forum, areas=areas)
    return responses


@pytest.mark.parametrize(
    ("page", "most"),
    [
        ("list", 9),
        ("list filtered", 11),
        ("year", 6),
        ("response", 6),
    ],
)
def test_response_pages_run_a_constant_number_of_queries(
    client, busy, page, most, django_assert_max_num_queries
):
    url = {
        "list": RESPONSES,
        "list filtered": f"{RESPONSES}?area={busy[0].areas.first().slug}&page=2",
        "year": year_url(2024),
        "response": busy[-1].get_absolute_url(),
    }[page]

    with django_assert_max_num_queries(most):
        answer = client.get(url)

    assert answer.status_code == 200


def test_the_feed_lists_published_responses_only_and_harmlessly(
    client, assert_harmless, user_with_role
):
    published = ResponseFactory(title=f"Waiting lists {HOSTILE}", heard=HOSTILE)
    draft = ResponseFactory(title="Still a draft")
    editor = user_with_role("Editor", username="feed-editor")
    partner = user_with_role("Forum partner", forum=published.forum)
    services.response_send_for_sign_off(response=published, actor=editor)
    services.response_sign_off(response=published, actor=partner, decision="co-signed")
    services.response_publish(response=published, actor=editor)

    feed = client.get(reverse("feedback:responses-feed"))

    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert published.get_absolute_url() in feed.text
    assert draft.title not in feed.text
    assert_harmless(feed.text)
    assert (
        reverse("feedback:responses-feed")
        in client.get(reverse("feedback:responses")).text
    )


@pytest.mark.parametrize("count", [3, 120])
def test_the_feed_runs_a_constant_number_of_queries(
    client, db, django_assert_max_num_queries, count
):
    forum = ForumFactory()
    Response.objects.bulk_create(
        ResponseFactory.build(
            forum=forum,
            status=Response.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        for _ in range(count)
    )

    with django_assert_max_num_queries(2):
        feed = client.get(reverse("feedback:responses-feed"))

    assert feed.text.count("<entry>") == min(count, 50)
