"""Answers to a consultation: stored exactly once, only while it is open
(staff may type in paper, phone and event responses until the outcome is
published), and withdrawn on request."""

import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.email import email_queue
from core.text import clean_text
from feedback.services import (
    REFERENCE_ALPHABET,
    new_reference,
    withdraw_code_hash,
)
from feedback.text_checks import find_identifiers, suggests_risk

from ..models import (
    Answer,
    Consultation,
    ConsultationEvent,
    ConsultationResponse,
    Question,
)
from .nudges import response_flag_told

WITHDRAW_SALT = "consultations.withdraw"
Source = ConsultationResponse.Source


class ConsultationClosed(Exception):
    """The consultation does not take answers now: not yet open, or closed."""


@dataclass(frozen=True, kw_only=True)
class ResponseAnswers:
    """One person's answers, as `response_submit` stores them: `answers` maps
    a question's number to the keys chosen (a list) or the text written."""

    respondent: ConsultationResponse.Respondent
    answers: dict[int, list[str] | str] = field(default_factory=dict)
    organisation_name: str = ""
    easy_read: bool = False
    consent_publish: bool = False
    publish_as_organisation: bool = False
    consent_share: bool = False
    consent_contact: bool = False
    contact_email: str = ""


def takes_answers(consultation: Consultation, *, source: str, now=None) -> bool:
    """Online, only while open. Staff may type in a paper, phone or event
    response from opening until the outcome is published, as post sent
    before the closing date arrives late."""
    state = consultation.state_at(now)
    if source == Source.ONLINE:
        return state == Consultation.State.OPEN
    return state in (Consultation.State.OPEN, Consultation.State.CLOSED)


def _offered_keys(question: Question, area_slugs: set[str]) -> set[str]:
    if question.kind == Question.Kind.AREAS:
        return area_slugs
    return {key for key, _words in question.option_list}


def _answer_rows(consultation, answers: ResponseAnswers) -> tuple[list, str]:
    """Unsaved `Answer` rows for every question answered, and all the text
    written (for the identifier and safeguarding checks). Anything not asked
    by this consultation, or not offered by its question, is refused."""
    questions = {question.pk: question for question in consultation.questions.all()}
    area_slugs = set(consultation.areas.values_list("slug", flat=True))
    unknown = set(answers.answers) - set(questions)
    if unknown:
        raise ValidationError("An answer is to a question this consultation lacks.")
    rows, texts = [], []
    for pk, question in questions.items():
        given = answers.answers.get(pk)
        if question.kind in Question.TEXT_KINDS:
            text = clean_text(given if isinstance(given, str) else "")
            if len(text) > question.max_length:
                raise ValidationError("An answer is longer than its question allows.")
            if text:
                rows.append(
                    Answer(question=question, text=text, review=Answer.Review.PENDING)
                )
                texts.append(text)
            elif question.required:
                raise ValidationError(f"“{question.text}” needs an answer.")
            continue
        chosen = [given] if isinstance(given, str) and given else list(given or [])
        if not set(chosen) <= _offered_keys(question, area_slugs):
            raise ValidationError(f"“{question.text}” has an answer it does not offer.")
        if len(chosen) > 1 and question.kind not in Question.MANY_KINDS:
            raise ValidationError(f"“{question.text}” takes one answer.")
        if not chosen and question.required:
            raise ValidationError(f"“{question.text}” needs an answer.")
        rows += [Answer(question=question, choice=key) for key in dict.fromkeys(chosen)]
    return rows, "\n".join(texts)


def _response_fields(answers: ResponseAnswers, text: str) -> dict:
    contact = answers.consent_contact
    organisation = answers.respondent == ConsultationResponse.Respondent.ORGANISATION
    return {
        "respondent": answers.respondent,
        "organisation_name": clean_text(answers.organisation_name)
        if organisation
        else "",
        "easy_read": answers.easy_read,
        "consent_publish": answers.consent_publish,
        "publish_as_organisation": organisation and answers.publish_as_organisation,
        "consent_share": answers.consent_share,
        "consent_contact": contact,
        "contact_email": answers.contact_email.strip() if contact else "",
        "identifiers_found": find_identifiers(text),
        "safeguarding_flag": suggests_risk(text),
    }


def response_submit(
    *,
    consultation: Consultation,
    answers: ResponseAnswers,
    submission_key: uuid.UUID | str,
    source: str = Source.ONLINE,
    recorded_by=None,
    withdraw_code: str = "",
) -> tuple[ConsultationResponse, bool]:
    """Store one person's answers, exactly once per `submission_key`: a
    double click, a resubmitted page or two racing requests get the response
    the first stored. Refused (`ConsultationClosed`) when the consultation
    does not take answers from `source` now, read afresh from the database.
    Returns (response, created)."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                existing = ConsultationResponse.objects.filter(
                    submission_key=submission_key
                ).first()
                if existing:
                    return existing, False
                current = Consultation.objects.get(pk=consultation.pk)
                if not takes_answers(current, source=source):
                    raise ConsultationClosed(current.state)
                rows, text = _answer_rows(current, answers)
                response = ConsultationResponse.objects.create(
                    consultation=current,
                    reference=new_reference(),
                    submission_key=submission_key,
                    source=source,
                    recorded_by=recorded_by,
                    withdraw_code_hash=withdraw_code_hash(withdraw_code)
                    if withdraw_code
                    else "",
                    **_response_fields(answers, text),
                )
                for row in rows:
                    row.response = response
                Answer.objects.bulk_create(rows)
                if source != Source.ONLINE:
                    ConsultationEvent.objects.create(
                        consultation_pk=current.pk,
                        consultation_title=current.title,
                        kind=ConsultationEvent.Kind.RECORDED,
                        actor=recorded_by,
                        detail=f"{response.display_reference}: "
                        f"{response.get_source_display()}",
                    )
                if response.contact_email:
                    response_acknowledge(response=response)
                if response.safeguarding_flag:
                    response_flag_told(response)
        except IntegrityError:
            # Another request stored this journey (same key), or, rarely, the
            # reference was taken: look again, or try a new reference.
            existing = ConsultationResponse.objects.filter(
                submission_key=submission_key
            ).first()
            if existing:
                return existing, False
            continue
        return response, True
    raise IntegrityError("Could not find a free reference number.")


def withdraw_token(response: ConsultationResponse) -> str:
    return signing.dumps(response.reference, salt=WITHDRAW_SALT)


def reference_from_withdraw_token(token: str) -> str | None:
    try:
        return signing.loads(token, salt=WITHDRAW_SALT, max_age=366 * 86400)
    except signing.BadSignature:
        return None


def response_acknowledge(*, response: ConsultationResponse) -> None:
    """Queue the email with the reference and a link to withdraw; the outbox
    sends it after the response is committed."""
    link = settings.SITE_URL.rstrip("/") + reverse(
        "consultations:withdraw-link", kwargs={"token": withdraw_token(response)}
    )
    email_queue(
        to=response.contact_email,
        subject=f"We have your answers: {response.display_reference}",
        body=render_to_string(
            "consultations/emails/acknowledgement.txt",
            {"response": response, "withdraw_link": link},
        ),
        purpose="consultation-acknowledgement",
        record=response.display_reference,
    )


@transaction.atomic
def response_withdraw(
    *, response: ConsultationResponse, actor=None
) -> ConsultationResponse:
    """Erase the answers and the address; keep a tombstone with the
    reference, so the counts drop and the person can be told it is done."""
    response = ConsultationResponse.objects.select_for_update().get(pk=response.pk)
    if response.status == ConsultationResponse.Status.WITHDRAWN:
        return response
    response.answers.all().delete()
    response.status = ConsultationResponse.Status.WITHDRAWN
    response.withdrawn_at = timezone.now()
    response.contact_email = ""
    response.consent_contact = False
    response.organisation_name = ""
    response.withdraw_code_hash = ""
    response.identifiers_found = []
    response.save()
    consultation = response.consultation
    ConsultationEvent.objects.create(
        consultation_pk=consultation.pk,
        consultation_title=consultation.title,
        kind=ConsultationEvent.Kind.WITHDRAWN,
        actor=actor,
        detail=response.display_reference,
    )
    return response


__all__ = [
    "REFERENCE_ALPHABET",
    "ConsultationClosed",
    "ResponseAnswers",
    "reference_from_withdraw_token",
    "response_acknowledge",
    "response_submit",
    "response_withdraw",
    "takes_answers",
    "withdraw_token",
]
