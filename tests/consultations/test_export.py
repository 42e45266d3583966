"""The CSV export of a consultation's responses: who may download it, what it
holds (choices in words, cells safe for spreadsheets, the email column only
for those allowed addresses, no withdrawn responses), the audit row, and
memory that stays flat at 20,000 responses."""

import csv
import io
import tracemalloc

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from consultations import export
from consultations.export import csv_lines, response_rows
from consultations.models import ConsultationEvent, ConsultationResponse
from tests.consultations.builders import asked
from tests.factories import (
    AnswerFactory,
    ConsultationResponseFactory,
    create_consultation_responses_in_bulk,
)

pytestmark = pytest.mark.django_db


def export_url(consultation):
    return reverse(
        "admin:consultations_consultationresponse_export", args=[consultation.pk]
    )


def read_csv(response) -> list[dict[str, str]]:
    assert isinstance(response, StreamingHttpResponse)
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(content[1:], newline="")))


@pytest.fixture
def answered():
    questions = asked()
    response = ConsultationResponseFactory(
        consultation=questions.consultation,
        source=ConsultationResponse.Source.EVENT,
        consent_contact=True,
        contact_email="parent@example.org",
    )
    AnswerFactory(response=response, question=questions.one, choice="3", text="")
    for choice in ("1", "3"):
        AnswerFactory(
            response=response, question=questions.several, choice=choice, text=""
        )
    AnswerFactory(response=response, question=questions.scale, choice="agree", text="")
    AnswerFactory(
        response=response, question=questions.written, text="=HYPERLINK(evil)"
    )
    withdrawn = ConsultationResponseFactory(
        consultation=questions.consultation,
        status=ConsultationResponse.Status.WITHDRAWN,
    )
    return questions, response, withdrawn


@pytest.fixture
def signed_in(client, user_with_role):
    def sign_in(role):
        client.force_login(user_with_role(role))
        return client

    return sign_in


def test_an_analyst_downloads_one_row_per_response_with_choices_in_words(
    signed_in, answered
):
    questions, response, withdrawn = answered

    download = signed_in("Analyst").get(export_url(questions.consultation))

    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    assert "attachment" in download["Content-Disposition"]
    rows = read_csv(download)
    assert [row["Reference"] for row in rows] == [response.display_reference]
    row = rows[0]
    assert row["Received by"] == "Event or meeting"
    assert row[f"Q1. {questions.one.text}"] == "Holiday clubs"
    assert row["Q2. Which would help?"] == "Longer hours; Trained staff"
    assert row["Q3. Do you agree with the proposal?"] == "Agree"
    assert row["Q4. Anything else?"] == "'=HYPERLINK(evil)"
    assert "Contact email" not in row


def test_the_export_is_audited_with_the_count_and_no_personal_data(signed_in, answered):
    questions, _, _ = answered

    read_csv(signed_in("Editor").get(export_url(questions.consultation)))

    event = ConsultationEvent.objects.get(kind=ConsultationEvent.Kind.EXPORTED)
    assert event.consultation_pk == questions.consultation.pk
    assert event.changes["rows"] == [None, 1]
    assert event.changes["with_contact"] == [None, False]
    assert "parent@example.org" not in f"{event.detail} {event.changes}"


def test_the_email_column_is_only_for_those_who_may_see_addresses(signed_in, answered):
    questions, _, _ = answered

    rows = read_csv(signed_in("Administrator").get(export_url(questions.consultation)))

    assert rows[0]["Contact email"] == "parent@example.org"
    event = ConsultationEvent.objects.get(kind=ConsultationEvent.Kind.EXPORTED)
    assert event.changes["with_contact"] == [None, True]


@pytest.mark.parametrize("role", ["Moderator", "Safeguarding lead", "Action owner"])
def test_roles_without_the_right_are_refused(signed_in, answered, role):
    questions, _, _ = answered

    download = signed_in(role).get(export_url(questions.consultation))

    assert download.status_code in (302, 403)
    assert not ConsultationEvent.objects.exists()


def test_a_flagged_responses_written_answers_are_withheld_and_details_masked(
    signed_in, answered
):
    questions, response, _ = answered
    other = ConsultationResponseFactory(consultation=questions.consultation)
    AnswerFactory(
        response=other, question=questions.written, text="Ring 07700 900982 please"
    )
    ConsultationResponse.objects.filter(pk=response.pk).update(safeguarding_flag=True)

    rows = read_csv(signed_in("Analyst").get(export_url(questions.consultation)))

    written = {row["Reference"]: row["Q4. Anything else?"] for row in rows}
    assert written[response.display_reference] == export.WITHHELD
    assert written[other.display_reference] == "Ring [phone number] please"


def test_withdrawn_responses_are_not_exported(signed_in, answered):
    questions, _, withdrawn = answered

    download = signed_in("Analyst").get(export_url(questions.consultation))
    content = b"".join(download.streaming_content).decode()

    assert withdrawn.display_reference not in content


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_written_cell_a_spreadsheet_would_run_is_neutralised(start):
    questions = asked()
    create_consultation_responses_in_bulk(
        questions.consultation,
        1,
        organisation_name=f"{start}cmd|' /C calc'!A0",
        answers=[(questions.written, f"{start}1+1")],
    )

    heading, row = list(
        response_rows(
            questions.consultation, with_contact=False, with_original_text=True
        )
    )

    cells = dict(zip(heading, row, strict=True))
    assert cells["Organisation"].startswith("'")
    assert cells["Q4. Anything else?"] == f"'{start}1+1"


# The questions, the areas, then per chunk the responses and their answers.
@pytest.mark.parametrize(("count", "chunk_size"), [(10, 1_000), (3_000, 1_000)])
def test_the_rows_run_a_fixed_number_of_queries_per_chunk(
    django_assert_max_num_queries, monkeypatch, count, chunk_size
):
    questions = asked()
    create_consultation_responses_in_bulk(
        questions.consultation,
        count,
        answers=[(questions.one, "1"), (questions.written, "Longer hours")],
    )
    chunks = -(-count // chunk_size)

    with django_assert_max_num_queries(2 + 2 * chunks + 1):
        rows = list(
            response_rows(
                questions.consultation,
                with_contact=False,
                with_original_text=False,
                chunk_size=chunk_size,
            )
        )

    assert len(rows) == count + 1


@pytest.mark.long
def test_twenty_thousand_responses_stream_in_flat_memory():
    questions = asked()
    create_consultation_responses_in_bulk(
        questions.consultation,
        2_000,
        answers=[
            (questions.one, "2"),
            (questions.several, "1"),
            (
                questions.written,
                "The holiday clubs close too early for working parents.",
            ),
        ],
    )

    def streamed_with_peak():
        tracemalloc.start()
        try:
            size = lines = 0
            for line in csv_lines(
                response_rows(
                    questions.consultation, with_contact=True, with_original_text=True
                )
            ):
                size += len(line)
                lines += 1
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        return size, lines, peak

    size_at_2000, _, peak_at_2000 = streamed_with_peak()
    create_consultation_responses_in_bulk(
        questions.consultation,
        18_000,
        answers=[
            (questions.one, "2"),
            (questions.several, "1"),
            (
                questions.written,
                "The holiday clubs close too early for working parents.",
            ),
        ],
    )
    size, lines, peak = streamed_with_peak()

    assert lines == 1 + 1 + 20_000  # the byte order mark, the headings, the rows
    assert size > 9 * size_at_2000
    # Ten times the rows in about the same memory: a chunk at a time.
    print(f"export peak: {peak_at_2000:,} B at 2,000; {peak:,} B at 20,000")
    assert peak < peak_at_2000 * 1.3
    # A chunk of 2,000 responses and their answers, whatever the total: 3.6 MB
    # measured at 2,000 and at 20,000 (a file of 3.1 MB).
    assert peak < 6_000_000
