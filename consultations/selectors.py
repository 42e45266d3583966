"""Reads of consultations that take more than one queryset call."""

from dataclasses import dataclass, replace

from django.db.models import Count, Min, Q

from feedback.models import SUPPRESS_BELOW, public_count

from .models import Answer, Consultation, ConsultationResponse, Question


def next_opening_or_closing(now):
    """The next moment a public consultation opens or closes (None if none
    will): public pages change then by the clock alone."""
    moments = Consultation.objects.public().aggregate(
        opens=Min("opens_at", filter=Q(opens_at__gt=now)),
        closes=Min("closes_at", filter=Q(closes_at__gt=now)),
    )
    coming = [moment for moment in moments.values() if moment is not None]
    return min(coming) if coming else None


def consultations_by_state(now):
    """Public consultations in the four lists of /consultations/, each in the
    order a reader wants it: open ones closing soonest first, upcoming ones
    opening soonest first, closed and finished ones newest first. Two
    queries, however many there are."""
    lists = {state: [] for state in Consultation.State if state != "draft"}
    consultations = (
        Consultation.objects.public()
        .prefetch_related("organisations")
        .order_by("closes_at", "pk")
    )
    for consultation in consultations:
        lists[consultation.state_at(now)].append(consultation)
    lists[Consultation.State.UPCOMING].sort(key=lambda item: item.opens_at)
    for state in (Consultation.State.CLOSED, Consultation.State.OUTCOME):
        lists[state].reverse()
    return lists


@dataclass(frozen=True)
class OptionCount:
    key: str
    label: str
    count: int
    # Not shown even though 5 or more: see `_withhold_the_giveaway`.
    withheld: bool = False

    @property
    def shown(self) -> str:
        """As the public and partners see it: under 5 reads "fewer than 5"."""
        return "not shown" if self.withheld else public_count(self.count)

    @property
    def drawn(self) -> bool:
        """Whether a chart may draw it: a bar would show its number."""
        return self.count >= SUPPRESS_BELOW and not self.withheld


def _withhold_the_giveaway(question, answered: int, options: list) -> list:
    """Where each person chose one option, the counts add up to the number
    who answered: with one small count hidden, it could be worked out by
    subtraction. So the smallest of the counts shown is withheld too."""
    if question.kind not in (Question.Kind.ONE, Question.Kind.SCALE):
        return options
    small = [option for option in options if 0 < option.count < SUPPRESS_BELOW]
    if len(small) != 1 or answered < SUPPRESS_BELOW:
        return options
    others = [option for option in options if option.count >= SUPPRESS_BELOW]
    if not others:
        return options
    giveaway = min(others, key=lambda option: option.count)
    return [
        replace(option, withheld=True) if option is giveaway else option
        for option in options
    ]


@dataclass(frozen=True)
class QuestionCounts:
    """A question, how many answered it, and for a question with choices how
    many chose each option (the options in the order they were offered)."""

    question: Question
    answered: int
    options: list[OptionCount]

    @property
    def answered_shown(self) -> str:
        return public_count(self.answered)


def _offered(question: Question, areas: list) -> list[tuple[str, str]]:
    if question.kind == Question.Kind.AREAS:
        return [(area.slug, area.plain_title) for area in areas]
    return question.option_list


def answer_counts(consultation: Consultation) -> list[QuestionCounts]:
    """Every question's counts, made from the stored answers of responses not
    withdrawn. Four queries, however many questions and answers."""
    questions = list(consultation.questions.all())
    areas = list(consultation.areas.all())
    answers = Answer.objects.counted().filter(question__consultation=consultation)
    chosen = {
        (question_id, choice): number
        for question_id, choice, number in answers.values_list("question_id", "choice")
        .annotate(number=Count("pk"))
        .order_by()
    }
    answered = dict(
        Answer.objects.filter(
            question__consultation=consultation,
            response__status=ConsultationResponse.Status.RECEIVED,
        )
        .values_list("question_id")
        .annotate(number=Count("response_id", distinct=True))
        .order_by()
    )
    return [
        QuestionCounts(
            question=question,
            answered=answered.get(question.pk, 0),
            options=_withhold_the_giveaway(
                question,
                answered.get(question.pk, 0),
                [
                    OptionCount(key, label, chosen.get((question.pk, key), 0))
                    for key, label in _offered(question, areas)
                ],
            )
            if question.kind in Question.CHOICE_KINDS
            else [],
        )
        for question in questions
    ]
