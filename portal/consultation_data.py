"""The consultation responses' part of subject access and erasure: finding
one person's responses, what the download says of each, and withdrawing them
(portal.data_requests calls these)."""

import re
from collections.abc import Callable

from django.db.models import Prefetch

from consultations.models import Answer, ConsultationResponse, Question
from consultations.services.responses import response_withdraw
from feedback.selectors import REFERENCE
from letters.models import AreaOfWeakness

# As a response's reference is shown ("C-ACDE2467"), read out or typed with
# spaces and hyphens: "C", then an experience-style reference.
CONSULTATION_REFERENCE = re.compile(r"C-?(?P<reference>.+)", re.IGNORECASE)
LIST_SEPARATOR = "; "


def consultation_reference(typed: str) -> str:
    """The stored reference (eight capitals) when `typed` is a consultation
    response's reference with its "C", otherwise ""."""
    compact = typed.replace(" ", "")
    matched = CONSULTATION_REFERENCE.fullmatch(compact)
    if not matched or not REFERENCE.fullmatch(matched["reference"]):
        return ""
    return matched["reference"].replace("-", "").upper()


def responses_of_person(*, email: str = "", reference: str = ""):
    """Every response a person sent, by the address they gave to hear the
    outcome or by its reference (withdrawn tombstones included)."""
    responses = ConsultationResponse.objects.all()
    if email:
        return responses.filter(contact_email__iexact=email.strip())
    compact = reference.replace("-", "").replace(" ", "").upper()
    if not compact:
        return responses.none()
    return responses.filter(reference=compact)


def find_responses(*, email: str = "", reference: str = "") -> list:
    """The responses with their consultation, and their answers with the
    questions: two queries whatever the numbers."""
    return list(
        responses_of_person(email=email, reference=reference)
        .select_related("consultation")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=Answer.objects.select_related("question").order_by(
                    "question__position", "question_id", "pk"
                ),
            )
        )
        .order_by("submitted_at", "pk")
    )


def area_words(responses: list) -> dict[str, str]:
    """Each area chosen in an answer, by its slug, in the words the question
    offered it: one query, none when no area was chosen."""
    slugs = {
        answer.choice
        for response in responses
        for answer in response.answers.all()
        if answer.question.kind == Question.Kind.AREAS
    }
    if not slugs:
        return {}
    return {
        area.slug: area.in_plain_words
        for area in AreaOfWeakness.objects.filter(slug__in=slugs).only(
            "slug", "plain_title", "short_title"
        )
    }


def _answers_in_words(response, areas: dict[str, str]) -> list[dict]:
    """One entry a question answered: the choices as the options' words
    (several joined), or the words written, and the quotable version."""
    by_question: dict[int, dict] = {}
    for answer in response.answers.all():
        question = answer.question
        entry = by_question.setdefault(
            question.pk,
            {"question": question.text, "answer": [], "quotable_version": []},
        )
        if answer.choice:
            words = (
                areas
                if question.kind == Question.Kind.AREAS
                else dict(question.option_list)
            )
            entry["answer"].append(words.get(answer.choice, answer.choice))
        elif answer.text:
            entry["answer"].append(answer.text)
        if answer.public_text:
            entry["quotable_version"].append(answer.public_text)
    return [
        {
            "question": entry["question"],
            "answer": LIST_SEPARATOR.join(entry["answer"]),
            "quotable_version": "\n\n".join(entry["quotable_version"]),
        }
        for entry in by_question.values()
    ]


def responses_as_data(responses: list, when: Callable) -> list[dict]:
    """What the download holds of each response, as plain data."""
    areas = area_words(responses)
    return [
        {
            "consultation": response.consultation.title,
            "reference": response.display_reference,
            "status": response.get_status_display(),
            "sent_at": when(response.submitted_at),
            "received_by": response.get_source_display(),
            "answered_as": response.get_respondent_display(),
            "organisation_name": response.organisation_name,
            "easy_read": response.easy_read,
            "consent_to_publish": response.consent_publish,
            "consent_to_publish_as_organisation": response.publish_as_organisation,
            "consent_to_share_with_forums": response.consent_share,
            "consent_to_email_the_outcome": response.consent_contact,
            "contact_email": response.contact_email,
            "answers": _answers_in_words(response, areas),
            "withdrawn_at": when(response.withdrawn_at),
        }
        for response in responses
    ]


def erase_responses(responses: list, actor) -> None:
    """Withdraw each response: its answers and address erased, a tombstone
    with the reference kept, audited by consultations as a withdrawal."""
    for response in responses:
        response_withdraw(response=response, actor=actor)
