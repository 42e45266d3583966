"""The results page's numbers for staff: responses by how they came in and,
per question, the exact counts (`selectors.answer_counts`) as a bar chart
and a table, and for written answers how many are waiting for a moderator.
A fixed number of queries, however many responses there are."""

from dataclasses import dataclass

from django.db.models import Count

from core.charts import BarChart, bar_chart
from feedback.export import LIST_SEPARATOR
from feedback.text_checks import mask_identifiers

from .models import Answer, Consultation, ConsultationResponse, Question
from .selectors import QuestionCounts, answer_counts


@dataclass(frozen=True)
class QuestionResult:
    number: int
    counts: QuestionCounts
    chart: BarChart | None
    waiting: int

    @property
    def question(self) -> Question:
        return self.counts.question

    @property
    def is_text(self) -> bool:
        return self.question.kind in Question.TEXT_KINDS


def responses_by_source(consultation: Consultation) -> list[tuple[str, int]]:
    """(how it came in, how many) for every source, withdrawn ones left out:
    one query."""
    counted = dict(
        consultation.responses.filter(status=ConsultationResponse.Status.RECEIVED)
        .order_by()
        .values_list("source")
        .annotate(number=Count("pk"))
    )
    return [
        (label, counted.get(value, 0))
        for value, label in ConsultationResponse.Source.choices
    ]


def waiting_for_review(consultation: Consultation) -> dict[int, int]:
    """Question id → its written answers waiting for a moderator: one query."""
    return dict(
        Answer.objects.awaiting_review()
        .filter(
            question__consultation=consultation,
            response__status=ConsultationResponse.Status.RECEIVED,
        )
        .order_by()
        .values_list("question_id")
        .annotate(number=Count("pk"))
    )


def question_results(consultation: Consultation) -> list[QuestionResult]:
    """Every question in order: a chart of its options' counts (none for a
    written answer) and how many of its answers wait for review. Five
    queries."""
    waiting = waiting_for_review(consultation)
    return [
        QuestionResult(
            number=number,
            counts=counts,
            chart=bar_chart(
                id=f"chart-question-{counts.question.pk}",
                title=f"Question {number}: answers chosen",
                rows=[(option.label, option.count) for option in counts.options],
                unit="answer",
            )
            if counts.options
            else None,
            waiting=waiting.get(counts.question.pk, 0),
        )
        for number, counts in enumerate(answer_counts(consultation), 1)
    ]


def response_answers(
    response: ConsultationResponse, *, original: bool
) -> list[tuple[Question, str]]:
    """Each question of the response's consultation with what was answered,
    choices in their words. Without `original`, detected personal details in
    written answers are masked, as feedback masks them for analysts. Three
    queries."""
    consultation = response.consultation
    areas = {area.slug: str(area) for area in consultation.areas.all()}
    given: dict[int, list[Answer]] = {}
    for answer in response.answers.order_by("pk"):
        given.setdefault(answer.question_id, []).append(answer)
    shown = []
    for question in consultation.questions.all():
        answers = given.get(question.pk, [])
        if question.kind in Question.CHOICE_KINDS:
            words = (
                areas
                if question.kind == Question.Kind.AREAS
                else dict(question.option_list)
            )
            text = LIST_SEPARATOR.join(words.get(a.choice, a.choice) for a in answers)
        else:
            text = "\n\n".join(a.text for a in answers)
            text = text if original else mask_identifiers(text)
        shown.append((question, text))
    return shown
