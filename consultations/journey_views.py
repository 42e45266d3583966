"""Answering a consultation: a few questions a page, answers kept in the
server-side session until "Check your answers" sends them, stored once.
Every page asks the clock: a journey started while it was open meets a
clear page once it has closed, and nothing is stored (see journey.py for
the pages and the session's answers)."""

import time

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from feedback.text_checks import identifier_phrases
from feedback.throttle import client_fingerprint, count_try

from .forms import ConsentForm
from .journey import (
    ABOUT,
    CONSENT,
    back_url,
    done_summary,
    journey_end,
    journey_of,
    journey_save,
    journey_start,
    missing_page,
    next_url,
    page_form,
    page_keys,
    page_url,
    question_pages,
    response_answers,
    summary,
)
from .models import Consultation, ConsultationResponse
from .services.responses import ConsultationClosed, response_submit


def _consultation(slug: str) -> Consultation:
    return get_object_or_404(Consultation.objects.public(), slug=slug)


def _not_open(consultation: Consultation) -> str:
    return reverse("consultations:respond-closed", kwargs={"slug": consultation.slug})


def _questions(consultation: Consultation):
    """The pages of questions and the areas a question may offer: two
    queries."""
    pages = question_pages(consultation.questions.all())
    return pages, list(consultation.areas.all())


@never_cache
def respond_start(request, slug):
    """The start button's address: begins a journey (or carries on with the
    one in progress) and goes to its first page."""
    consultation = _consultation(slug)
    if not consultation.accepts_answers():
        return redirect(_not_open(consultation))
    easy = request.GET.get("version") == "easy-read"
    journey = journey_of(request, consultation)
    if journey is None or journey.get("done"):
        journey = journey_start(request, consultation, easy=easy)
    elif "version" in request.GET:
        journey["easy"] = easy
        journey_save(request, consultation, journey)
    return redirect(page_url(consultation, ABOUT))


def _identifiers(journey: dict, pages) -> list[str]:
    texts = [
        answer
        for number in range(1, len(pages) + 1)
        for answer in journey["answers"].get(str(number), {}).values()
        if isinstance(answer, str)
    ]
    return identifier_phrases("\n".join(texts))


@never_cache
@require_http_methods(["GET", "POST"])
def respond_page(request, slug, page):
    consultation = _consultation(slug)
    if not consultation.accepts_answers():
        return redirect(_not_open(consultation))
    journey = journey_of(request, consultation)
    if journey is None:
        return redirect("consultations:respond-expired", slug=slug)
    if journey.get("done"):
        return redirect("consultations:respond-sent", slug=slug)
    pages, areas = _questions(consultation)
    keys = page_keys(pages)
    if page not in keys:
        raise Http404("No such page.")
    changing = "1" in (request.GET.get("change"), request.POST.get("change"))
    if request.method == "POST":
        form = page_form(page, journey, pages=pages, areas=areas, data=request.POST)
        if form.is_valid():
            if isinstance(form, ConsentForm) and form.is_robot:
                return render(request, "feedback/refused.html", status=400)
            journey["answers"][page] = form.answers()
            journey_save(request, consultation, journey)
            return redirect(next_url(consultation, keys, page, changing))
    else:
        form = page_form(page, journey, pages=pages, areas=areas)
    position = keys.index(page) + 1
    return render(
        request,
        "consultations/respond/page.html",
        {
            "consultation": consultation,
            "form": form,
            "page": page,
            "single_question": page not in (ABOUT, CONSENT)
            and len(form.questions) == 1,
            "caption": f"Page {position} of {len(keys) + 1}",
            "changing": changing,
            "back_url": back_url(consultation, keys, page, changing),
            "identifiers": _identifiers(journey, pages) if page == CONSENT else [],
        },
    )


def _rate_limited(request) -> bool:
    key = f"consultation-rate:{client_fingerprint(request)}"
    return (
        count_try(key, settings.SHARE_RATE_WINDOW_SECONDS) > settings.SHARE_RATE_LIMIT
    )


def _send(request, consultation, journey: dict, pages) -> None:
    response, _created = response_submit(
        consultation=consultation,
        answers=response_answers(journey, pages),
        submission_key=journey["key"],
        withdraw_code=journey["withdraw_code"],
    )
    journey["answers"] = {}
    journey["done"] = done_summary(response, journey.pop("withdraw_code"))
    journey_save(request, consultation, journey)


@never_cache
@require_http_methods(["GET", "POST"])
def respond_check(request, slug):
    consultation = _consultation(slug)
    journey = journey_of(request, consultation)
    if journey and journey.get("done"):
        # A resubmitted final page: the answers are stored already.
        return redirect("consultations:respond-sent", slug=slug)
    if not consultation.accepts_answers():
        return redirect(_not_open(consultation))
    if journey is None:
        return redirect("consultations:respond-expired", slug=slug)
    pages, areas = _questions(consultation)
    missing = missing_page(journey, page_keys(pages))
    if missing:
        return redirect(page_url(consultation, missing))
    too_quick = False
    if request.method == "POST":
        # The second click of a double click: its twin stored the answers
        # (same key), so it is not counted against the limit.
        sent = ConsultationResponse.objects.filter(
            submission_key=journey["key"]
        ).exists()
        if time.time() - journey["started"] < settings.SHARE_MIN_SECONDS:
            too_quick = True
        elif not sent and _rate_limited(request):
            return render(request, "feedback/rate_limited.html", status=429)
        else:
            try:
                _send(request, consultation, journey, pages)
            except ConsultationClosed:
                return redirect(_not_open(consultation))
            return redirect("consultations:respond-sent", slug=slug)
    return render(
        request,
        "consultations/respond/check.html",
        {
            "consultation": consultation,
            "rows": summary(consultation, journey, pages=pages, areas=areas),
            "too_quick": too_quick,
            "back_url": page_url(consultation, CONSENT),
        },
    )


@never_cache
def respond_sent(request, slug):
    consultation = _consultation(slug)
    journey = journey_of(request, consultation)
    if not journey or not journey.get("done"):
        return redirect("consultations:respond-expired", slug=slug)
    return render(
        request,
        "consultations/respond/sent.html",
        {"consultation": consultation, "done": journey["done"]},
    )


@never_cache
def respond_closed(request, slug):
    """Not taking answers: not yet open, or closed. A journey in progress is
    dropped, and the page says its answers were not sent."""
    consultation = _consultation(slug)
    if consultation.accepts_answers():
        return redirect(consultation)
    journey = journey_of(request, consultation)
    lost = bool(journey and not journey.get("done") and journey.get("answers"))
    if journey and not journey.get("done"):
        journey_end(request, consultation)
    return render(
        request,
        "consultations/respond/closed.html",
        {
            "consultation": consultation,
            "upcoming": consultation.state == Consultation.State.UPCOMING,
            "lost": lost,
        },
    )


@never_cache
def respond_expired(request, slug):
    consultation = _consultation(slug)
    return render(
        request, "consultations/respond/expired.html", {"consultation": consultation}
    )
