"""The "Share your experience" journey: one question a page, answers kept in
the server-side session until the final submit, which stores them once (the
steps and the session's answers are in `journey.py`)."""

import time

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.retention import days, describe_days

from . import services
from .forms import STEP_FORMS, StoryForm, offered_areas
from .journey import (
    REQUIRED_STEPS,
    STEP_COUNT,
    STEPS,
    all_answers,
    back_url,
    experience_answers,
    is_young,
    journey_of,
    journey_save,
    journey_start,
    linked_area,
    next_url,
    step_caption,
    step_form,
    summary,
)
from .models import Experience
from .text_checks import identifier_phrases
from .throttle import client_fingerprint, count_try


@never_cache
def start(request):
    area = linked_area(request)
    first_step = reverse("feedback:step", kwargs={"step": STEPS[0]})
    if area:
        first_step += f"?area={area.slug}"
    return render(
        request, "feedback/start.html", {"area": area, "first_step": first_step}
    )


def _journey_for_step(request, step: str):
    """The journey a question page belongs to, or where to go instead: a
    journey is started only by the first question's page."""
    journey = journey_of(request)
    if journey and journey.get("done") and step != STEPS[0]:
        # Back from the confirmation: the experience was sent, so the expired
        # page ("nothing you wrote has been sent") would be untrue.
        return None, redirect("feedback:confirmation")
    if journey is None or journey.get("done"):
        if step != STEPS[0] or request.method == "POST":
            return None, redirect("feedback:expired")
        journey = journey_start(request)
    if "areas" not in journey["answers"]:
        # Arriving from an area's page ticks that area on the question.
        area = linked_area(request)
        if area:
            journey["answers"]["areas"] = {"areas": [area.slug]}
            journey_save(request, journey)
    return journey, None


def _step_context(step: str, journey: dict, form, changing: bool) -> dict:
    context = {
        "form": form,
        "step": step,
        "heading_caption": step_caption(STEPS.index(step) + 1),
        "changing": changing,
        "back_url": back_url(step, changing),
        "young": is_young(journey),
    }
    if step == "consent":
        story = journey["answers"].get("what-happened", {})
        context["identifiers"] = identifier_phrases(
            f"{story.get('what_happened', '')}\n{story.get('what_would_help', '')}"
        )
    return context


@never_cache
@require_http_methods(["GET", "POST"])
def step(request, step):
    if step not in STEP_FORMS:
        raise Http404("No such question.")
    journey, elsewhere = _journey_for_step(request, step)
    if elsewhere:
        return elsewhere
    changing = "1" in (request.GET.get("change"), request.POST.get("change"))
    if request.method == "POST":
        form = step_form(step, journey, request.POST)
        if form.is_valid():
            if isinstance(form, StoryForm) and form.is_robot:
                return render(request, "feedback/refused.html", status=400)
            journey["answers"][step] = form.answers()
            journey_save(request, journey)
            return redirect(next_url(step, changing))
    else:
        form = step_form(step, journey)
    return render(
        request, "feedback/step.html", _step_context(step, journey, form, changing)
    )


def _rate_limited(request) -> bool:
    key = f"share-rate:{client_fingerprint(request)}"
    return (
        count_try(key, settings.SHARE_RATE_WINDOW_SECONDS) > settings.SHARE_RATE_LIMIT
    )


def _send(request, journey: dict) -> None:
    """Store the experience and keep in the journey what the confirmation
    page shows; the answers themselves are dropped from the session."""
    answers = experience_answers(all_answers(journey))
    experience, _created = services.experience_submit(
        answers=answers,
        submission_key=journey["key"],
        withdraw_code=journey["withdraw_code"],
    )
    journey["answers"] = {}
    code = journey.pop("withdraw_code")
    journey["done"] = {
        "reference": experience.display_reference,
        "withdraw_code": services.display_withdraw_code(code),
        "safeguarding": experience.safeguarding_flag,
        "emailed": bool(experience.contact_email),
        "phone_only": bool(experience.contact_phone and not experience.contact_email),
        "areas": [area.slug for area in answers.areas],
        "young": experience.respondent == Experience.Respondent.YOUNG_PERSON,
    }
    journey_save(request, journey)


@never_cache
@require_http_methods(["GET", "POST"])
def check(request):
    journey = journey_of(request)
    if journey is None:
        return redirect("feedback:expired")
    if journey.get("done"):
        # A resubmitted final page: the experience is stored already.
        return redirect("feedback:confirmation")
    missing = [step for step in REQUIRED_STEPS if step not in journey["answers"]]
    if missing:
        return redirect("feedback:step", step=missing[0])
    if "withdraw_code" not in journey:
        # A journey begun before withdrawal codes: given one before sending.
        journey["withdraw_code"] = services.new_withdraw_code()
        journey_save(request, journey)
    too_quick = False
    if request.method == "POST":
        # A second click of a double click: its twin stored the experience
        # (same journey key) but this request's session predates that. It is
        # sent already, so it is not counted against the limit.
        already_sent = Experience.objects.filter(submission_key=journey["key"]).exists()
        if time.time() - journey["started"] < settings.SHARE_MIN_SECONDS:
            too_quick = True
        elif not already_sent and _rate_limited(request):
            return render(request, "feedback/rate_limited.html", status=429)
        else:
            _send(request, journey)
            return redirect("feedback:confirmation")
    return render(
        request,
        "feedback/check.html",
        {
            "rows": summary(journey),
            "too_quick": too_quick,
            "young": is_young(journey),
            "heading_caption": step_caption(STEP_COUNT),
        },
    )


@never_cache
def confirmation(request):
    journey = journey_of(request)
    if not journey or not journey.get("done"):
        return redirect("feedback:expired")
    done = journey["done"]
    return render(
        request,
        "feedback/confirmation.html",
        {
            "done": done,
            "areas": list(offered_areas().filter(slug__in=done.get("areas", []))),
            "contact_kept_for": describe_days(days("contact-details")),
        },
    )


def expired(request):
    return render(request, "feedback/expired.html")
