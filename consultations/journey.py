"""The pages of answering a consultation and the answers the session keeps
until the final submit (`request.session["consultation-<pk>"]`): a
submission key, the start time, whether the easy read wording was asked
for, the answers per page as the forms cleaned them, a withdraw code, and
once sent what the confirmation page shows."""

import time
import uuid

from django.conf import settings
from django.urls import reverse

from feedback.forms import is_yes
from feedback.services import display_withdraw_code, new_withdraw_code

from .forms import AboutYouForm, ConsentForm, QuestionsForm
from .models import Consultation, ConsultationResponse, Question
from .services.responses import ResponseAnswers

ABOUT = "about-you"
CONSENT = "consent"


def session_key(consultation: Consultation) -> str:
    return f"consultation-{consultation.pk}"


def question_pages(questions) -> list[list[Question]]:
    """The questions in pages: each starts a page unless it is marked to go
    with the one before."""
    pages: list[list[Question]] = []
    for question in questions:
        if question.with_previous and pages:
            pages[-1].append(question)
        else:
            pages.append([question])
    return pages


def page_keys(pages) -> list[str]:
    return [ABOUT, *(str(number) for number in range(1, len(pages) + 1)), CONSENT]


def page_url(consultation: Consultation, page: str, *, change=False) -> str:
    url = reverse(
        "consultations:respond-page", kwargs={"slug": consultation.slug, "page": page}
    )
    return f"{url}?change=1" if change else url


def check_url(consultation: Consultation) -> str:
    return reverse("consultations:respond-check", kwargs={"slug": consultation.slug})


def next_url(consultation, keys: list[str], page: str, changing: bool) -> str:
    position = keys.index(page)
    if changing or position + 1 == len(keys):
        return check_url(consultation)
    return page_url(consultation, keys[position + 1])


def back_url(consultation, keys: list[str], page: str, changing: bool) -> str:
    if changing:
        return check_url(consultation)
    position = keys.index(page)
    if position == 0:
        return consultation.get_absolute_url()
    return page_url(consultation, keys[position - 1])


def journey_of(request, consultation: Consultation) -> dict | None:
    return request.session.get(session_key(consultation))


def journey_save(request, consultation: Consultation, journey: dict) -> None:
    request.session[session_key(consultation)] = journey
    request.session.set_expiry(settings.SHARE_SESSION_SECONDS)


def journey_start(request, consultation: Consultation, *, easy: bool) -> dict:
    journey = {
        "key": str(uuid.uuid4()),
        "started": time.time(),
        "easy": easy,
        "answers": {},
        "done": None,
        # Made now, not when sending, so that both requests of a double
        # click show the code that was stored.
        "withdraw_code": new_withdraw_code(),
    }
    journey_save(request, consultation, journey)
    return journey


def journey_end(request, consultation: Consultation) -> None:
    request.session.pop(session_key(consultation), None)


def respondent_of(journey: dict) -> str:
    return journey["answers"].get(ABOUT, {}).get("respondent", "")


def easy_wording(journey: dict) -> bool:
    """The easy read wording, where the consultation gives it: asked for, or
    a young person answering for themselves."""
    return journey["easy"] or (
        respondent_of(journey) == ConsultationResponse.Respondent.YOUNG_PERSON
    )


def page_form(page: str, journey: dict, *, pages, areas, data=None):
    """The form of `page`, filled from the session or from `data`."""
    kept = journey["answers"].get(page, {})
    if page == ABOUT:
        form_class, kwargs = AboutYouForm, {}
    elif page == CONSENT:
        organisation = (
            respondent_of(journey) == ConsultationResponse.Respondent.ORGANISATION
        )
        form_class, kwargs = ConsentForm, {"organisation": organisation}
    else:
        questions = pages[int(page) - 1]
        form_class = QuestionsForm
        kwargs = {
            "questions": questions,
            "areas": areas,
            "easy": easy_wording(journey),
            "heading": ""
            if len(questions) == 1
            else f"Questions, page {page} of {len(pages)}",
        }
        kept = QuestionsForm.initial_from(kept, questions)
    if data is None:
        return form_class(initial=kept, **kwargs)
    return form_class(data, **kwargs)


def missing_page(journey: dict, keys: list[str]) -> str | None:
    """The first page not yet answered: every page must be seen before
    sending."""
    return next((key for key in keys if key not in journey["answers"]), None)


def response_answers(journey: dict, pages) -> ResponseAnswers:
    """The session's answers as `response_submit` takes them."""
    kept = journey["answers"]
    about, consent = kept[ABOUT], kept[CONSENT]
    answers = {}
    for number, questions in enumerate(pages, 1):
        on_page = kept.get(str(number), {})
        for question in questions:
            if str(question.pk) in on_page:
                answers[question.pk] = on_page[str(question.pk)]
    return ResponseAnswers(
        respondent=ConsultationResponse.Respondent(about["respondent"]),
        organisation_name=about.get("organisation_name", ""),
        easy_read=easy_wording(journey),
        answers=answers,
        consent_publish=is_yes(consent.get("consent_publish")),
        publish_as_organisation=is_yes(consent.get("publish_as_organisation")),
        consent_share=is_yes(consent.get("consent_share")),
        consent_contact=is_yes(consent.get("consent_contact")),
        contact_email=consent.get("contact_email", ""),
    )


def _words(field, value) -> list[str] | str:
    """An answer in the words its page offered."""
    choices = dict(getattr(field, "choices", ()))
    if isinstance(value, list):
        return [str(choices.get(item, item)) for item in value]
    if choices:
        return str(choices.get(value, ""))
    return value or ""


def summary(consultation, journey: dict, *, pages, areas) -> list[dict]:
    """The check-answers rows: question, answer in words, where to change it."""
    rows = []
    for page in page_keys(pages):
        form = page_form(page, journey, pages=pages, areas=areas)
        kept = journey["answers"].get(page, {})
        if page not in (ABOUT, CONSENT):
            kept = QuestionsForm.initial_from(kept, form.questions)
        for name, field in form.fields.items():
            if name == "website" or (name not in kept and page != CONSENT):
                continue
            value = kept.get(name, "")
            if name in ("organisation_name", "contact_email") and not value:
                continue
            if name == "publish_as_organisation" and not form.organisation:
                continue
            answer = _words(field, value)
            rows.append(
                {
                    "question": field.label,
                    "answer": answer,
                    "is_list": isinstance(answer, list),
                    "change_url": page_url(consultation, page, change=True),
                }
            )
    return rows


def done_summary(response: ConsultationResponse, code: str) -> dict:
    return {
        "reference": response.display_reference,
        "withdraw_code": display_withdraw_code(code),
        "emailed": bool(response.contact_email),
        "safeguarding": response.safeguarding_flag,
    }
