"""The public outcome of a consultation: "We asked, you said, we did", with
the counts of what people answered (small numbers withheld), quotes that
passed moderation, the actions it led to and the forum's answer. A constant
number of queries, however many answers."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from core.charts import bar_chart
from core.page_cache import public_page
from plans.models import Action

from .models import (
    Answer,
    Consultation,
    ConsultationResponse,
    Outcome,
    OutcomeSignOff,
    Question,
)
from .selectors import answer_counts

QUOTES = 10


def _published_outcome(slug: str) -> Outcome:
    return get_object_or_404(
        Outcome.objects.filter(
            status=Outcome.Status.PUBLISHED, consultation__released=True
        )
        .select_related("consultation", "forum")
        .prefetch_related(
            "consultation__areas",
            Prefetch("actions", queryset=_actions()),
            Prefetch(
                "sign_offs",
                queryset=OutcomeSignOff.objects.select_related("forum"),
                to_attr="answers",
            ),
        ),
        consultation__slug=slug,
    )


def _actions():
    return Action.objects.select_related("plan").order_by("reference", "pk")


def _question_part(counts, number: int) -> dict:
    """One question's counts as the public sees them: a chart of the options
    chosen by 5 or more (a bar would give a smaller number away), and a table
    of every option with its count, "fewer than 5" under 5."""
    question = counts.question
    shown = [option for option in counts.options if option.drawn]
    return {
        "counts": counts,
        "text": question.kind in Question.TEXT_KINDS,
        "chart": bar_chart(
            id=f"question-{number}-chart",
            title=f"Question {number}: {question.text}",
            rows=[(option.label, option.count) for option in shown],
            unit="answer",
        )
        if shown
        else None,
        "withheld": len(shown) < len(counts.options),
    }


@public_page
def outcome_detail(request, slug):
    outcome = _published_outcome(slug)
    consultation: Consultation = outcome.consultation
    quotes = list(
        Answer.objects.filter(
            question__consultation=consultation,
            review=Answer.Review.QUOTABLE,
            response__status=ConsultationResponse.Status.RECEIVED,
        )
        # Quoted only where the person agreed to their answers being published.
        .filter(response__consent_publish=True)
        .exclude(public_text="")
        .only("pk", "public_text", "question_id", "response_id")
        .order_by("-response__submitted_at", "-pk")[:QUOTES]
    )
    answer = next(
        (each for each in outcome.answers if each.forum_id == outcome.forum_id), None
    )
    return render(
        request,
        "consultations/outcome_detail.html",
        {
            "outcome": outcome,
            "consultation": consultation,
            "questions": [
                _question_part(counts, number)
                for number, counts in enumerate(answer_counts(consultation), 1)
            ],
            "quotes": quotes,
            "answer": answer,
            "forum": outcome.forum,
        },
    )
