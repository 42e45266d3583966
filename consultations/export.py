"""The rows of the staff CSV export of one consultation's responses: one row
per response not withdrawn, one column per question, choices in their words.

Memory stays flat whatever the number of responses: they are read as plain
tuples with `.iterator(chunk_size=...)`, and each chunk's answers come from
one query on the answers of those responses alone, so the export runs a
fixed number of queries per chunk. Cells are made safe for spreadsheets by
feedback's `neutralise`, the one rule for every export of the portal.
"""

from collections.abc import Iterator
from itertools import islice

from django.utils import timezone

from feedback.export import DATE_FORMAT, LIST_SEPARATOR, csv_lines, neutralise
from feedback.text_checks import mask_identifiers

from .models import Answer, Consultation, ConsultationResponse, Question

__all__ = ["csv_lines", "response_rows", "responses_to_export"]

CHUNK_SIZE = 2000
WITHHELD = "[withheld: flagged for safeguarding]"

# (heading, field read from the database), before the questions' columns.
FIELDS = [
    ("Reference", "reference"),
    ("Received by", "source"),
    ("Submitted at", "submitted_at"),
    ("Answering as", "respondent"),
    ("Organisation", "organisation_name"),
    ("Easy read", "easy_read"),
    ("Consent to publish", "consent_publish"),
    ("May be published under the organisation's name", "publish_as_organisation"),
    ("Consent to share with forums", "consent_share"),
    ("Safeguarding flag", "safeguarding_flag"),
]
LABELS = {
    "source": dict(ConsultationResponse.Source.choices),
    "respondent": dict(ConsultationResponse.Respondent.choices),
}
BOOLEANS = {
    "easy_read",
    "consent_publish",
    "publish_as_organisation",
    "consent_share",
    "safeguarding_flag",
}
FLAG_AT = [name for _, name in FIELDS].index("safeguarding_flag")


def responses_to_export(consultation: Consultation):
    """What the export holds: the responses not withdrawn."""
    return consultation.responses.filter(status=ConsultationResponse.Status.RECEIVED)


def _cell(name: str, value) -> str:
    if name == "reference":
        return f"C-{value}"
    if name in BOOLEANS:
        return "Yes" if value else "No"
    if name in LABELS:
        return LABELS[name].get(value, value)
    if name == "submitted_at":
        return timezone.localtime(value).strftime(DATE_FORMAT)
    return neutralise(value or "")


def _question_words(consultation: Consultation) -> list[tuple[Question, dict]]:
    """Each question, with its options' words by stored key (areas by slug)."""
    areas = {area.slug: str(area) for area in consultation.areas.all()}
    return [
        (
            question,
            areas
            if question.kind == Question.Kind.AREAS
            else dict(question.option_list),
        )
        for question in consultation.questions.all()
    ]


def _answers_of(ids: list[int]) -> dict[int, dict[int, list[tuple[str, str]]]]:
    """Response id → question id → its (choice, text) answers, for one chunk."""
    found: dict[int, dict[int, list[tuple[str, str]]]] = {}
    rows = (
        Answer.objects.filter(response_id__in=ids)
        .order_by("response_id", "pk")
        .values_list("response_id", "question_id", "choice", "text")
    )
    for response_id, question_id, choice, text in rows:
        found.setdefault(response_id, {}).setdefault(question_id, []).append(
            (choice, text)
        )
    return found


def _answer_cell(question, words, answers, *, show_text, original) -> str:
    if question.kind in Question.CHOICE_KINDS:
        return neutralise(
            LIST_SEPARATOR.join(words.get(choice, choice) for choice, _ in answers)
        )
    if not show_text:
        return WITHHELD if answers else ""
    text = "\n\n".join(text for _, text in answers)
    return neutralise(text if original else mask_identifiers(text))


def response_rows(
    consultation: Consultation,
    *,
    with_contact: bool,
    with_original_text: bool,
    chunk_size: int | None = None,
) -> Iterator[list[str]]:
    """The heading row, then one row of neutralised cells per response.

    Without `with_original_text`, written answers have each detected personal
    detail masked, and those of a flagged response are withheld. Questions
    and areas are read once; then one query per chunk of responses for their
    answers."""
    chunk_size = chunk_size or CHUNK_SIZE
    questions = _question_words(consultation)
    own = [name for _, name in FIELDS]
    yield [
        *(heading for heading, _ in FIELDS),
        *(
            f"Q{number}. {question.text}"
            for number, (question, _) in enumerate(questions, 1)
        ),
        *(["Contact email"] if with_contact else []),
    ]
    values = (
        responses_to_export(consultation)
        .order_by("submitted_at", "pk")
        .values_list("pk", *own, *(["contact_email"] if with_contact else []))
        .iterator(chunk_size=chunk_size)
    )
    while chunk := list(islice(values, chunk_size)):
        answers = _answers_of([row[0] for row in chunk])
        for pk, *fields in chunk:
            given = answers.get(pk, {})
            show_text = with_original_text or not fields[FLAG_AT]
            row = [_cell(name, value) for name, value in zip(own, fields, strict=False)]
            row.extend(
                _answer_cell(
                    question,
                    words,
                    given.get(question.pk, []),
                    show_text=show_text,
                    original=with_original_text,
                )
                for question, words in questions
            )
            if with_contact:
                row.append(neutralise(fields[-1]))
            yield row
        # Let this chunk go before the next is read: otherwise two chunks
        # are held at once, and the peak grows with the number of chunks.
        chunk = answers = row = fields = given = None
