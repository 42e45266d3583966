"""Staff read a consultation's responses in the admin and its results: each
role sees what it should, an email address only on request and audited, a
flagged response's answers only for the roles that see flagged experiences,
and the results page counts exactly in a fixed number of queries."""

import pytest
from django.urls import reverse

from consultations.models import ConsultationEvent, ConsultationResponse
from tests.consultations.builders import asked
from tests.factories import (
    AnswerFactory,
    ConsultationResponseFactory,
    create_consultation_responses_in_bulk,
)

pytestmark = pytest.mark.django_db

READERS = ["Moderator", "Safeguarding lead", "Analyst", "Editor", "Administrator"]
RESPONSES = "admin:consultations_consultationresponse_changelist"


def results_url(consultation):
    return reverse(
        "admin:consultations_consultationresponse_results", args=[consultation.pk]
    )


def contact_url(response):
    return reverse(
        "admin:consultations_consultationresponse_contact", args=[response.pk]
    )


@pytest.fixture
def signed_in(client, user_with_role):
    def sign_in(role):
        client.force_login(user_with_role(role))
        return client

    return sign_in


@pytest.fixture
def answered():
    questions = asked()
    response = ConsultationResponseFactory(
        consultation=questions.consultation,
        source=ConsultationResponse.Source.PAPER,
        consent_contact=True,
        contact_email="parent@example.org",
    )
    AnswerFactory(response=response, question=questions.one, choice="2", text="")
    AnswerFactory(
        response=response,
        question=questions.written,
        text="The clubs close at three; call me on 07700 900982.",
    )
    return questions, response


@pytest.mark.parametrize("role", READERS)
def test_the_roles_that_work_on_responses_read_the_list_and_a_response(
    signed_in, answered, role
):
    _, response = answered
    client = signed_in(role)

    listing = client.get(reverse(RESPONSES))
    page = client.get(response.get_absolute_url())

    assert listing.status_code == page.status_code == 200
    assert response.display_reference in listing.content.decode()
    assert "Respite at home" in page.content.decode()
    assert "parent@example.org" not in page.content.decode()


@pytest.mark.parametrize("role", ["Action owner", "Forum partner"])
def test_other_roles_are_refused_responses_and_results(signed_in, answered, role):
    questions, response = answered
    client = signed_in(role)

    for url in [reverse(RESPONSES), results_url(questions.consultation)]:
        assert client.get(url).status_code in (302, 403), url
    assert client.post(contact_url(response)).status_code in (302, 403)


def test_the_list_filters_work_and_other_lookups_are_refused(signed_in, answered):
    questions, _ = answered
    client = signed_in("Analyst")
    url = reverse(RESPONSES)

    for query in [
        f"consultation={questions.consultation.pk}",
        "source__exact=paper",
        "safeguarding_flag__exact=1",
        "status__exact=received",
        "q=C-",
    ]:
        assert client.get(f"{url}?{query}").status_code == 200, query
    for query in ["contact_email__startswith=p", "answers__text__icontains=call"]:
        assert client.get(f"{url}?{query}").status_code == 400, query


def test_nobody_adds_or_changes_a_response_here(signed_in, answered):
    _, response = answered
    client = signed_in("Administrator")

    assert client.get(reverse(RESPONSES) + "add/").status_code == 403
    page = client.get(response.get_absolute_url())
    assert 'name="_save"' not in page.content.decode()


@pytest.mark.parametrize(
    ("role", "shown"),
    [("Moderator", True), ("Safeguarding lead", True), ("Analyst", False)],
)
def test_a_flagged_responses_answers_are_shown_only_to_those_who_see_flags(
    signed_in, answered, role, shown
):
    _, response = answered
    ConsultationResponse.objects.filter(pk=response.pk).update(safeguarding_flag=True)

    page = signed_in(role).get(response.get_absolute_url()).content.decode()

    assert ("Respite at home" in page) is shown
    assert ("flagged for safeguarding" in page) is not shown


def test_readers_without_the_original_see_personal_details_masked(signed_in, answered):
    _, response = answered

    page = signed_in("Editor").get(response.get_absolute_url()).content.decode()

    assert "07700 900982" not in page
    assert "[phone number]" in page


@pytest.mark.parametrize("role", ["Moderator", "Safeguarding lead"])
def test_the_email_address_is_shown_on_request_and_each_look_is_audited(
    signed_in, answered, role
):
    questions, response = answered
    client = signed_in(role)

    page = client.get(response.get_absolute_url()).content.decode()
    assert "Show email address" in page
    assert client.get(contact_url(response)).status_code == 405
    shown = client.post(contact_url(response))

    assert shown.status_code == 200
    assert "parent@example.org" in shown.content.decode()
    event = ConsultationEvent.objects.get(kind=ConsultationEvent.Kind.CONTACTS_SEEN)
    assert event.consultation_pk == questions.consultation.pk
    assert response.display_reference in event.detail
    assert "parent@example.org" not in f"{event.detail} {event.changes}"


@pytest.mark.parametrize("role", ["Analyst", "Editor"])
def test_roles_without_the_right_never_see_the_address(signed_in, answered, role):
    _, response = answered
    client = signed_in(role)

    page = client.get(response.get_absolute_url()).content.decode()

    assert "Show email address" not in page
    assert client.post(contact_url(response)).status_code == 403
    assert not ConsultationEvent.objects.filter(
        kind=ConsultationEvent.Kind.CONTACTS_SEEN
    ).exists()


def test_the_results_count_exactly_by_source_and_option(signed_in):
    questions = asked()
    create_consultation_responses_in_bulk(
        questions.consultation,
        3,
        answers=[
            (questions.one, "1"),
            (questions.several, "1"),
            (questions.several, "3"),
            (questions.scale, "agree"),
        ],
    )
    create_consultation_responses_in_bulk(
        questions.consultation,
        2,
        source=ConsultationResponse.Source.PHONE,
        answers=[(questions.one, "2"), (questions.written, "More clubs, please.")],
    )
    create_consultation_responses_in_bulk(
        questions.consultation,
        4,
        status=ConsultationResponse.Status.WITHDRAWN,
        answers=[(questions.one, "3")],
    )

    page = signed_in("Analyst").get(results_url(questions.consultation))

    assert page.status_code == 200
    html = page.content.decode()
    assert "5 responses" in html
    sources = dict(page.context["sources"])
    assert sources == {
        "Online": 3,
        "Paper form": 0,
        "Phone call": 2,
        "Event or meeting": 0,
    }
    results = {result.question: result for result in page.context["results"]}
    one = {o.label: o.count for o in results[questions.one].counts.options}
    assert one == {"Short breaks": 3, "Respite at home": 2, "Holiday clubs": 0}
    several = {o.label: o.count for o in results[questions.several].counts.options}
    assert several == {"Longer hours": 3, "Transport": 0, "Trained staff": 3}
    assert results[questions.written].counts.answered == 2
    assert results[questions.written].waiting == 2
    assert "<svg" in html and "Strongly agree" in html
    # Analysts read the written answers; only moderators moderate them.
    assert "Read the answers" in html and "Moderate the answers" not in html


def test_the_responses_list_links_a_chosen_consultation_to_its_results(
    signed_in, answered
):
    questions, _ = answered
    client = signed_in("Analyst")

    page = client.get(reverse(RESPONSES) + f"?consultation={questions.consultation.pk}")

    html = page.content.decode()
    assert results_url(questions.consultation) in html
    assert "Download responses (CSV)" in html


# The session, the user, their second factor, their own and their groups'
# permissions; the consultation; responses by source; waiting for review;
# questions, areas, choices and answered (answer_counts). Measured: 12 at 10
# responses and at 5,000.
RESULTS_QUERIES = 12


@pytest.mark.parametrize("count", [10, 5_000])
def test_the_results_page_runs_a_fixed_number_of_queries(
    signed_in, django_assert_max_num_queries, count
):
    questions = asked()
    create_consultation_responses_in_bulk(
        questions.consultation,
        count,
        answers=[
            (questions.one, "1"),
            (questions.several, "2"),
            (questions.scale, "disagree"),
            (questions.written, "Longer hours in the holidays."),
        ],
    )
    client = signed_in("Moderator")

    with django_assert_max_num_queries(RESULTS_QUERIES):
        page = client.get(results_url(questions.consultation))

    assert page.status_code == 200
    assert f"{count} responses" in page.content.decode()
    assert "Moderate the answers" in page.content.decode()


def test_the_consultations_page_links_to_its_results(signed_in, answered):
    questions, _ = answered
    change = reverse(
        "admin:consultations_consultation_change", args=[questions.consultation.pk]
    )

    page = signed_in("Analyst").get(change)

    assert results_url(questions.consultation) in page.content.decode()
