"""The outcome of a consultation: written after closing, co-signed or
dissented from once by the forum, published with one email to each person
who asked to hear back, and shown with its counts (small numbers withheld)
on a page that runs a constant number of queries."""

import pytest
from django.urls import reverse

from consultations.models import ConsultationEvent, Outcome, OutcomeSignOff
from consultations.services import reviews
from tests.factories import (
    ConsultationAnswerFactory,
    ConsultationFactory,
    ConsultationResponseFactory,
    ForumFactory,
    OutcomeFactory,
    QuestionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum(db):
    return ForumFactory(name="Kent Parents and Carers Together", short_name="Kent PACT")


@pytest.fixture
def editor(user_with_role):
    return user_with_role("Editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def partner(user_with_role, forum):
    return user_with_role("Forum partner", username="pact", forum=forum)


@pytest.fixture
def outcome(forum):
    return OutcomeFactory(forum=forum)


@pytest.fixture
def sent(outcome, editor):
    return reviews.outcome_send_for_sign_off(outcome=outcome, actor=editor)


def sign_url(outcome):
    return reverse("partner-consultations:outcome", args=[outcome.pk])


def step_url(outcome, step):
    return reverse(f"admin:consultations_outcome_{step}", args=[outcome.pk])


def test_an_outcome_is_refused_before_the_consultation_closes(editor_client, forum):
    consultation = ConsultationFactory()  # open now
    response = editor_client.post(
        reverse("admin:consultations_outcome_add"),
        {
            "consultation": consultation.pk,
            "asked": "a",
            "said": "b",
            "did": "c",
            "forum": forum.pk,
        },
    )
    assert response.status_code == 200
    assert "has not closed yet" in response.content.decode()
    assert not Outcome.objects.exists()


def test_an_editor_writes_the_outcome_of_a_closed_consultation(editor_client, forum):
    closed = OutcomeFactory.build().consultation
    closed.save()
    response = editor_client.post(
        reverse("admin:consultations_outcome_add"),
        {
            "consultation": closed.pk,
            "asked": "We asked about breaks.",
            "said": "You said weekends.",
            "did": "We added weekends.",
            "forum": forum.pk,
        },
    )
    assert response.status_code == 302
    assert Outcome.objects.get().status == Outcome.Status.DRAFT
    assert ConsultationEvent.objects.filter(detail="Outcome drafted.").exists()


def test_the_forum_signs_once(client, partner, sent):
    client.force_login(partner)
    assert client.get(sign_url(sent)).status_code == 200
    first = client.post(sign_url(sent), {"decision": "co-signed", "note": ""})
    assert first.status_code == 302
    second = client.post(sign_url(sent), {"decision": "dissent", "note": "No."})
    assert "already answered" in second.content.decode()
    assert OutcomeSignOff.objects.get().decision == "co-signed"
    assert ConsultationEvent.objects.filter(
        kind=ConsultationEvent.Kind.OUTCOME_SIGNED
    ).exists()


def test_a_dissent_needs_a_note(client, partner, sent):
    client.force_login(partner)
    response = client.post(sign_url(sent), {"decision": "dissent", "note": " "})
    assert response.status_code == 200
    assert "Enter why the forum does not agree" in response.content.decode()
    assert not OutcomeSignOff.objects.exists()


def test_another_forum_cannot_sign_nor_see_it(client, user_with_role, sent):
    other = user_with_role("Forum partner", username="other", forum=ForumFactory())
    client.force_login(other)
    assert client.get(sign_url(sent)).status_code == 404


def test_publishing_before_the_forum_answered_is_refused(editor_client, sent):
    response = editor_client.post(step_url(sent, "publish"))
    assert response.status_code == 200
    assert "has not answered yet" in response.content.decode()
    sent.refresh_from_db()
    assert sent.status == Outcome.Status.AWAITING_SIGN_OFF


@pytest.fixture
def hearing_back(outcome):
    consultation = outcome.consultation
    for address in ("one@example.org", "ONE@example.org", "two@example.org"):
        ConsultationResponseFactory(
            consultation=consultation, consent_contact=True, contact_email=address
        )
    ConsultationResponseFactory(consultation=consultation)  # did not ask
    ConsultationResponseFactory(
        consultation=consultation,
        consent_contact=True,
        contact_email="gone@example.org",
        status="withdrawn",
    )
    return consultation


def test_publishing_sets_the_state_and_emails_each_person_once(
    editor_client,
    client,
    partner,
    sent,
    hearing_back,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    reviews.outcome_sign_off(outcome=sent, actor=partner, decision="co-signed")
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(step_url(sent, "publish"))
    assert response.status_code == 302
    sent.refresh_from_db()
    consultation = sent.consultation
    consultation.refresh_from_db()
    assert sent.status == Outcome.Status.PUBLISHED and sent.published_at
    assert consultation.outcome_published_at == sent.published_at
    assert consultation.state == "outcome"
    recipients = sorted(address.lower() for m in mailoutbox for address in m.to)
    assert recipients == ["one@example.org", "two@example.org"]
    assert sent.get_absolute_url() in mailoutbox[0].body
    # The addresses were kept for this email alone.
    assert not consultation.responses.exclude(contact_email="").exists()

    with django_capture_on_commit_callbacks(execute=True):
        again = editor_client.post(step_url(sent, "publish"))
    assert "already published" in again.content.decode()
    assert len(mailoutbox) == 2

    listing = client.get(reverse("consultations:list")).content.decode()
    finished = listing[listing.index(">With an outcome</h2>") :]
    assert consultation.title in finished
    detail = client.get(consultation.get_absolute_url()).content.decode()
    assert sent.get_absolute_url() in detail


def published(outcome, partner, editor, *, decision="co-signed", note=""):
    reviews.outcome_send_for_sign_off(outcome=outcome, actor=editor)
    reviews.outcome_sign_off(
        outcome=outcome, actor=partner, decision=decision, note=note
    )
    return reviews.outcome_publish(outcome=outcome, actor=editor)


def test_the_outcome_page_is_not_found_until_published(client, outcome):
    url = reverse("consultations:outcome", args=[outcome.consultation.slug])
    assert client.get(url).status_code == 404


def test_the_outcome_page_withholds_small_counts(client, outcome, partner, editor):
    question = QuestionFactory(
        consultation=outcome.consultation, text="Agree?", kind="scale", options=""
    )
    free = QuestionFactory(
        consultation=outcome.consultation, kind="long", text="Anything else?"
    )
    for _ in range(4):
        ConsultationAnswerFactory(
            question=question,
            response__consultation=outcome.consultation,
            choice="agree",
        )
    for _ in range(6):
        response = ConsultationResponseFactory(
            consultation=outcome.consultation, consent_publish=True
        )
        ConsultationAnswerFactory(
            question=question, response=response, choice="disagree"
        )
        ConsultationAnswerFactory(
            question=free,
            response=response,
            choice="",
            text="Private words",
            review="quotable",
            public_text="Weekends matter most.",
        )
    published(outcome, partner, editor, decision="dissent", note="Not enough.")
    page = client.get(outcome.get_absolute_url()).content.decode()
    agree_row = page[page.index(">Agree</th>") :][:200]
    assert "fewer than 5" in agree_row
    assert "Answered by 10 people" in page
    assert "Answered by 6 people" in page
    assert "Private words" not in page
    assert "Weekends matter most." in page
    assert "Not enough." in page
    assert "did not co-sign this outcome" in page
    assert "Agree: 4" not in page
    # 10 answered and "fewer than 5" agreed: "Disagree: 6" would give the 4
    # away, so it is not shown either.
    disagree_row = page[page.index(">Disagree</th>") :][:200]
    assert "not shown" in disagree_row


def test_only_answers_their_writers_let_us_publish_are_quoted(
    client, outcome, partner, editor
):
    free = QuestionFactory(
        consultation=outcome.consultation, kind="long", options="", text="Else?"
    )
    for consent, words in ((True, "Publish these words."), (False, "Keep these.")):
        ConsultationAnswerFactory(
            question=free,
            response__consultation=outcome.consultation,
            response__consent_publish=consent,
            choice="",
            text=words,
            review="quotable",
            public_text=words,
        )
    published(outcome, partner, editor)
    page = client.get(outcome.get_absolute_url()).content.decode()
    assert "Publish these words." in page
    assert "Keep these." not in page


@pytest.mark.parametrize("answers", [3, 40])
def test_the_outcome_page_runs_a_constant_number_of_queries(
    client, outcome, partner, editor, answers, django_assert_max_num_queries
):
    questions = QuestionFactory.create_batch(3, consultation=outcome.consultation)
    for _ in range(answers):
        response = ConsultationResponseFactory(consultation=outcome.consultation)
        for question in questions:
            ConsultationAnswerFactory(
                question=question,
                response=response,
                review="quotable",
                public_text="Said well.",
            )
    published(outcome, partner, editor)
    with django_assert_max_num_queries(9):
        assert client.get(outcome.get_absolute_url()).status_code == 200


def test_the_sitemap_lists_published_outcomes(client, outcome, partner, editor):
    from tests.sitemaps import whole_sitemap

    published(outcome, partner, editor)
    assert outcome.get_absolute_url() in whole_sitemap(client)
