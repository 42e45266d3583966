"""The questions every demonstration consultation asks, the answers made up
for the closed ones, and the outcome of the finished one."""

import uuid
from datetime import timedelta

from consultations.models import (
    Answer,
    ConsultationResponse,
    Outcome,
    OutcomeSignOff,
    Question,
)
from feedback.services import new_reference
from plans.models import Action

from .base import Seeded

Kind = Question.Kind
QUESTIONS = [
    (Kind.ONE, "Which proposal do you prefer?", "Option A\nOption B\nNeither"),
    (Kind.SEVERAL, "Which of these have you used?", "Short breaks\nRespite\nClubs"),
    (Kind.SCALE, "The proposal would help my family", ""),
    (Kind.AREAS, "Which areas of weakness matter most to you?", ""),
    (Kind.LONG_TEXT, "What else should we think about?", ""),
]
SAYINGS = [
    "Demonstration answer: closer to home would make a real difference.",
    "Demonstration answer: we waited a long time to hear anything.",
    "Demonstration answer: please keep the holiday clubs.",
    "Demonstration answer: the website was hard to find things on.",
]


def questions_add(consultation) -> list[Question]:
    return Question.objects.bulk_create(
        Question(
            consultation=consultation,
            position=position,
            kind=kind,
            text=text,
            options=options,
            required=kind not in (Kind.AREAS, Kind.LONG_TEXT),
            easy_read_text="What else do you want to tell us?"
            if kind == Kind.LONG_TEXT
            else "",
        )
        for position, (kind, text, options) in enumerate(QUESTIONS, 1)
    )


def _choices(seeded: Seeded, question: Question, area_slugs: list[str]) -> list[str]:
    if question.kind == Kind.AREAS:
        return seeded.some(area_slugs, 0, 2)
    keys = [key for key, _words in question.option_list]
    if question.kind == Kind.SEVERAL:
        return seeded.some(keys, 1, len(keys))
    return [seeded.rng.choice(keys)]


def responses_add(seeded: Seeded, consultation, questions, count: int, *, quotable):
    """`count` made-up responses sent while it was open, with their answers:
    text answers waiting for a moderator, or (`quotable`) already cleared."""
    area_slugs = list(consultation.areas.values_list("slug", flat=True))
    responses = ConsultationResponse.objects.bulk_create(
        ConsultationResponse(
            consultation=consultation,
            reference=new_reference(),
            submission_key=uuid.uuid4(),
            respondent=seeded.rng.choice(
                [ConsultationResponse.Respondent.PARENT_CARER] * 4
                + [ConsultationResponse.Respondent.YOUNG_PERSON]
            ),
            consent_publish=seeded.rng.random() < 0.7,
            consent_share=seeded.rng.random() < 0.8,
            submitted_at=seeded.moment_between(
                consultation.opens_at, consultation.closes_at
            ),
        )
        for _ in range(count)
    )
    answers = []
    for response in responses:
        for question in questions:
            if question.kind == Kind.LONG_TEXT:
                saying = seeded.rng.choice(SAYINGS)
                answers.append(
                    Answer(
                        response=response,
                        question=question,
                        text=saying,
                        review=Answer.Review.QUOTABLE
                        if quotable
                        else Answer.Review.PENDING,
                        public_text=saying if quotable else "",
                    )
                )
                continue
            answers += [
                Answer(response=response, question=question, choice=key)
                for key in _choices(seeded, question, area_slugs)
            ]
    Answer.objects.bulk_create(answers, batch_size=2000)
    return responses


def outcome_add(seeded: Seeded, consultation) -> None:
    """A published outcome, co-signed by the forum, naming two actions."""
    published_at = consultation.outcome_published_at
    outcome = Outcome.objects.create(
        consultation=consultation,
        asked="Demonstration content: we asked families how the service should work.",
        said="Demonstration content: most preferred option B, and many asked for "
        "help closer to home.",
        did="Demonstration content: we chose option B and start it next term.",
        forum=seeded.forum,
        status=Outcome.Status.PUBLISHED,
        created_at=published_at - timedelta(weeks=2),
        published_at=published_at,
    )
    outcome.actions.set(Action.objects.order_by("pk")[:2])
    OutcomeSignOff.objects.create(
        outcome=outcome,
        forum=seeded.forum,
        decision=OutcomeSignOff.Decision.CO_SIGNED,
        at=published_at - timedelta(days=3),
    )
