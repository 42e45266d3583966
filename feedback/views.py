"""The "Share your experience" journey: one question a page, answers kept in
the server-side session until the final submit, which stores them once."""

import hashlib
import re
import time
import uuid

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.addresses import client_address
from letters.models import AreaOfWeakness

from . import services
from .forms import (
    NOT_SURE,
    PREFER_NOT,
    STEP_FORMS,
    AreasForm,
    ChildForm,
    ConsentForm,
    PlainTextField,
    RespondentForm,
    StoryForm,
    offered_areas,
)
from .models import District, Experience
from .text_checks import identifier_phrases

SESSION_KEY = "share"
STEPS = list(STEP_FORMS)
REQUIRED_STEPS = ["areas", "about-you", "what-happened", "consent"]


def _journey(request) -> dict | None:
    return request.session.get(SESSION_KEY)


def _save(request, journey: dict) -> None:
    request.session[SESSION_KEY] = journey
    request.session.set_expiry(settings.SHARE_SESSION_SECONDS)


def _linked_area(request) -> AreaOfWeakness | None:
    """The area an area page's link names (`?area=<slug>`), if the first
    question offers it.

    Only something shaped like a slug is looked up: PostgreSQL refuses a NUL
    in a query, and nothing else can be an area's slug.
    """
    slug = request.GET.get("area", "")
    if not slug_re.match(slug):
        return None
    return offered_areas().filter(slug=slug).first()


def _start_journey(request) -> dict:
    journey = {
        "key": str(uuid.uuid4()),
        "started": time.time(),
        "answers": {},
        "done": None,
    }
    _save(request, journey)
    return journey


def _is_young(journey: dict) -> bool:
    respondent = journey["answers"].get("about-you", {}).get("respondent")
    return respondent == Experience.Respondent.YOUNG_PERSON


def _all_answers(journey: dict) -> dict:
    merged = {}
    for step in STEPS:
        merged.update(journey["answers"].get(step, {}))
    return merged


def _next_url(step: str, changing: bool) -> str:
    if changing:
        return reverse("feedback:check")
    position = STEPS.index(step)
    if position + 1 < len(STEPS):
        return reverse("feedback:step", kwargs={"step": STEPS[position + 1]})
    return reverse("feedback:check")


def _back_url(step: str, changing: bool) -> str:
    if changing:
        return reverse("feedback:check")
    position = STEPS.index(step)
    if position == 0:
        return reverse("feedback:start")
    return reverse("feedback:step", kwargs={"step": STEPS[position - 1]})


@never_cache
def start(request):
    area = _linked_area(request)
    first_step = reverse("feedback:step", kwargs={"step": STEPS[0]})
    if area:
        first_step += f"?area={area.slug}"
    return render(
        request, "feedback/start.html", {"area": area, "first_step": first_step}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def step(request, step):
    if step not in STEP_FORMS:
        raise Http404("No such question.")
    journey = _journey(request)
    if journey and journey.get("done") and step != STEPS[0]:
        # Back from the confirmation: the experience was sent, so the expired
        # page ("nothing you wrote has been sent") would be untrue.
        return redirect("feedback:confirmation")
    if journey is None or journey.get("done"):
        if step != STEPS[0] or request.method == "POST":
            return redirect("feedback:expired")
        journey = _start_journey(request)
    if step == STEPS[0] and "areas" not in journey["answers"]:
        # Arriving from an area's page ticks that area on the first question.
        area = _linked_area(request)
        if area:
            journey["answers"]["areas"] = {"areas": [area.slug]}
            _save(request, journey)
    changing = request.GET.get("change") == "1" or request.POST.get("change") == "1"
    form_class = STEP_FORMS[step]
    young = _is_young(journey)
    saved = journey["answers"].get(step, {})
    if request.method == "POST":
        form = form_class(request.POST, young=young)
        if form.is_valid():
            if isinstance(form, StoryForm) and form.is_robot:
                return render(request, "feedback/refused.html", status=400)
            journey["answers"][step] = form.answers()
            _save(request, journey)
            return redirect(_next_url(step, changing))
    else:
        form = form_class(initial=saved, young=young)
    context = {
        "form": form,
        "step": step,
        "changing": changing,
        "back_url": _back_url(step, changing),
        "young": young,
    }
    if step == "consent":
        story = journey["answers"].get("what-happened", {})
        context["identifiers"] = identifier_phrases(
            f"{story.get('what_happened', '')}\n{story.get('what_would_help', '')}"
        )
    return render(request, "feedback/step.html", context)


def _summary(journey: dict) -> list[dict]:
    """The check-answers rows: question, answer in words, the step to change it."""
    answers = _all_answers(journey)
    young = _is_young(journey)
    area_names = dict(
        AreaOfWeakness.objects.filter(slug__in=answers.get("areas", [])).values_list(
            "slug", "plain_title"
        )
    )
    areas = [
        "I\u2019m not sure" if slug == NOT_SURE else area_names.get(slug, slug)
        for slug in answers.get("areas", [])
    ]
    district = answers.get("district", "")
    district_name = (
        "Prefer not to say"
        if district == PREFER_NOT
        else District.objects.filter(slug=district)
        .values_list("name", flat=True)
        .first()
        or ""
    )
    forms = {
        "areas": AreasForm(young=young, areas=[]),
        "about-you": RespondentForm(young=young),
        "child": ChildForm(young=young, districts=[]),
        "what-happened": StoryForm(young=young),
        "consent": ConsentForm(young=young),
    }

    def label(step, field):
        return forms[step].fields[field].label

    def choice(step, field):
        return dict(forms[step].fields[field].choices).get(answers.get(field), "")

    needs = dict(Experience.Need.choices)
    rows = [
        ("areas", label("areas", "areas"), areas),
        (
            "about-you",
            label("about-you", "respondent"),
            choice("about-you", "respondent"),
        ),
        ("child", label("child", "age_group"), choice("child", "age_group")),
        ("child", label("child", "setting"), choice("child", "setting")),
        ("child", label("child", "district"), district_name),
        (
            "child",
            label("child", "needs"),
            [needs.get(n, n) for n in answers.get("needs", [])],
        ),
        ("child", label("child", "ehc_status"), choice("child", "ehc_status")),
        (
            "what-happened",
            label("what-happened", "what_happened"),
            answers.get("what_happened", ""),
        ),
        (
            "what-happened",
            label("what-happened", "what_would_help"),
            answers.get("what_would_help", ""),
        ),
        (
            "consent",
            label("consent", "consent_publish"),
            choice("consent", "consent_publish"),
        ),
        (
            "consent",
            label("consent", "consent_share"),
            choice("consent", "consent_share"),
        ),
        (
            "consent",
            label("consent", "consent_contact"),
            choice("consent", "consent_contact"),
        ),
    ]
    if answers.get("consent_contact") == "yes":
        rows.append(("consent", "Email address", answers.get("contact_email", "")))
        rows.append(("consent", "Phone number", answers.get("contact_phone", "")))
    return [
        {
            "question": question,
            "answer": answer,
            "is_list": isinstance(answer, list),
            "change_url": reverse("feedback:step", kwargs={"step": step}) + "?change=1",
        }
        for step, question, answer in rows
    ]


def _client_fingerprint(request) -> str:
    """The client's address (behind the configured proxies), hashed with the
    secret key: the raw address is never kept."""
    address = client_address(request) or ""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


def _rate_limited(request) -> bool:
    key = f"share-rate:{_client_fingerprint(request)}"
    cache.add(key, 0, timeout=settings.SHARE_RATE_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.SHARE_RATE_WINDOW_SECONDS)
        count = 1
    return count > settings.SHARE_RATE_LIMIT


@never_cache
@require_http_methods(["GET", "POST"])
def check(request):
    journey = _journey(request)
    if journey is None:
        return redirect("feedback:expired")
    if journey.get("done"):
        # A resubmitted final page: the experience is stored already.
        return redirect("feedback:confirmation")
    missing = [step for step in REQUIRED_STEPS if step not in journey["answers"]]
    if missing:
        return redirect("feedback:step", step=missing[0])
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
            experience, _created = services.experience_submit(
                answers=_all_answers(journey), submission_key=journey["key"]
            )
            journey["answers"] = {}
            journey["done"] = {
                "reference": experience.display_reference,
                "safeguarding": experience.safeguarding_flag,
                "emailed": bool(experience.contact_email),
            }
            _save(request, journey)
            return redirect("feedback:confirmation")
    return render(
        request,
        "feedback/check.html",
        {
            "rows": _summary(journey),
            "too_quick": too_quick,
            "young": _is_young(journey),
        },
    )


@never_cache
def confirmation(request):
    journey = _journey(request)
    if not journey or not journey.get("done"):
        return redirect("feedback:expired")
    return render(request, "feedback/confirmation.html", {"done": journey["done"]})


def expired(request):
    return render(request, "feedback/expired.html")


class WithdrawLookupForm(forms.Form):
    reference = PlainTextField(
        label="Reference number",
        help_text="It is on your confirmation page and in our email, like ACDE-2467.",
        max_length=20,
        error_messages={"required": "Enter your reference number"},
    )
    email = forms.EmailField(
        label="Email address",
        help_text="The one you gave us when you shared your experience.",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like "
            "name@example.com",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("reference", label_size=Size.SMALL, field_width=10),
            Field.text(
                "email", label_size=Size.SMALL, autocomplete="email", spellcheck="false"
            ),
        )

    def clean_reference(self):
        reference = re.sub(r"[^A-Z0-9]", "", self.cleaned_data["reference"].upper())
        if not reference:
            # Only hyphens or spaces: without this, clean() finds no experience
            # to look up and the view has none to withdraw.
            raise ValidationError(self.fields["reference"].error_messages["required"])
        return reference

    def clean(self):
        cleaned = super().clean()
        reference, email = cleaned.get("reference"), cleaned.get("email")
        if reference and email:
            self.experience = (
                Experience.objects.active()
                .filter(reference=reference, contact_email__iexact=email)
                .first()
            )
            if self.experience is None:
                raise ValidationError(
                    "We could not find an experience with that reference number "
                    "and email address"
                )
        return cleaned


@never_cache
@require_http_methods(["GET", "POST"])
def withdraw_lookup(request):
    form = WithdrawLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = services.withdraw_token(form.experience)
        return redirect("feedback:withdraw-link", token=token)
    return render(request, "feedback/withdraw_lookup.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def withdraw_link(request, token):
    reference = services.reference_from_withdraw_token(token)
    experience = (
        Experience.objects.filter(reference=reference).first() if reference else None
    )
    if experience is None:
        return render(request, "feedback/withdraw_invalid.html", status=404)
    already = experience.status == Experience.Status.WITHDRAWN
    if request.method == "POST" and not already:
        services.experience_withdraw(experience=experience)
        return render(
            request, "feedback/withdraw_done.html", {"experience": experience}
        )
    if already:
        return render(
            request, "feedback/withdraw_done.html", {"experience": experience}
        )
    return render(request, "feedback/withdraw_confirm.html", {"experience": experience})
