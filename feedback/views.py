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
from core.forms import CleanCharField
from core.retention import days, describe_days
from letters.models import AreaOfWeakness

from . import services
from .forms import (
    NOT_SURE,
    PREFER_NOT,
    STEP_FORMS,
    AreasForm,
    ChildForm,
    ConsentForm,
    RespondentForm,
    StoryForm,
    mark_boxes_in_error,
    offered_areas,
)
from .models import District, Experience
from .text_checks import identifier_phrases

SESSION_KEY = "share"
STEPS = list(STEP_FORMS)
REQUIRED_STEPS = ["about-you", "areas", "what-happened", "consent"]
# The questions, then "Check your answers": "Step 6 of 6" is the last page
# before sending.
STEP_COUNT = len(STEPS) + 1


def step_caption(number: int) -> str:
    return f"Step {number} of {STEP_COUNT}"


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
        # Made now, not when sending, so that the two requests of a double
        # click both show the code that was stored.
        "withdraw_code": services.new_withdraw_code(),
    }
    _save(request, journey)
    return journey


def _is_young(journey: dict) -> bool:
    respondent = journey["answers"].get("about-you", {}).get("respondent")
    return respondent == Experience.Respondent.YOUNG_PERSON


def _areas_chosen(journey: dict) -> bool:
    areas = journey["answers"].get("areas", {}).get("areas", [])
    return NOT_SURE not in areas


def _form(step: str, journey: dict, data=None):
    form_class = STEP_FORMS[step]
    kwargs = {"young": _is_young(journey)}
    if form_class is ConsentForm:
        kwargs["areas_chosen"] = _areas_chosen(journey)
    if data is None:
        return form_class(initial=journey["answers"].get(step, {}), **kwargs)
    return form_class(data, **kwargs)


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
    if "areas" not in journey["answers"]:
        # Arriving from an area's page ticks that area on the question.
        area = _linked_area(request)
        if area:
            journey["answers"]["areas"] = {"areas": [area.slug]}
            _save(request, journey)
    changing = request.GET.get("change") == "1" or request.POST.get("change") == "1"
    young = _is_young(journey)
    if request.method == "POST":
        form = _form(step, journey, request.POST)
        if form.is_valid():
            if isinstance(form, StoryForm) and form.is_robot:
                return render(request, "feedback/refused.html", status=400)
            journey["answers"][step] = form.answers()
            _save(request, journey)
            return redirect(_next_url(step, changing))
    else:
        form = _form(step, journey)
    context = {
        "form": form,
        "step": step,
        "heading_caption": step_caption(STEPS.index(step) + 1),
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
        "about-you": RespondentForm(young=young),
        "areas": AreasForm(young=young, areas=[]),
        "child": ChildForm(young=young, districts=[]),
        "what-happened": StoryForm(young=young),
        "consent": ConsentForm(young=young),
    }

    def label(step, field):
        return forms[step].fields[field].label

    def choice(step, field):
        return dict(forms[step].fields[field].choices).get(answers.get(field), "")

    needs = dict(forms["child"].fields["needs"].choices)
    rows = [
        (
            "about-you",
            label("about-you", "respondent"),
            choice("about-you", "respondent"),
        ),
        ("areas", label("areas", "areas"), areas),
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


def _count(key: str, window_seconds: int) -> int:
    """Add one to a count kept in the cache for `window_seconds`; the total."""
    cache.add(key, 0, timeout=window_seconds)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window_seconds)
        return 1


def _rate_limited(request) -> bool:
    key = f"share-rate:{_client_fingerprint(request)}"
    return _count(key, settings.SHARE_RATE_WINDOW_SECONDS) > settings.SHARE_RATE_LIMIT


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
    if "withdraw_code" not in journey:
        # A journey begun before withdrawal codes: given one before sending.
        journey["withdraw_code"] = services.new_withdraw_code()
        _save(request, journey)
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
            answers = _all_answers(journey)
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
                "phone_only": bool(
                    experience.contact_phone and not experience.contact_email
                ),
                "areas": [slug for slug in answers["areas"] if slug != NOT_SURE],
                "young": experience.respondent == Experience.Respondent.YOUNG_PERSON,
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
            "heading_caption": step_caption(STEP_COUNT),
        },
    )


@never_cache
def confirmation(request):
    journey = _journey(request)
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


NOT_FOUND = (
    "We could not find an experience with that reference number and withdrawal "
    "code or email address"
)


class WithdrawLookupForm(forms.Form):
    """The reference, with either the withdrawal code shown on the confirmation
    page or the email address given: someone who gave no email can still take
    their experience back."""

    reference = CleanCharField(
        label="Reference number",
        help_text="It is on your confirmation page and in our email, like ACDE-2467.",
        max_length=20,
        error_messages={"required": "Enter your reference number"},
    )
    code = CleanCharField(
        label="Withdrawal code",
        help_text="It was on the page that gave you your reference number, like "
        "ACDE-FGHJ-KMNP.",
        required=False,
        max_length=40,
    )
    email = forms.EmailField(
        label="Email address, if you gave us one",
        help_text="You can enter it instead of the withdrawal code.",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like "
            "name@example.com",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.experience = None
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("reference", label_size=Size.SMALL, field_width=10),
            Field.text(
                "code",
                label_size=Size.SMALL,
                field_width=20,
                autocomplete="off",
                spellcheck="false",
            ),
            Field.text(
                "email", label_size=Size.SMALL, autocomplete="email", spellcheck="false"
            ),
        )

    def full_clean(self):
        super().full_clean()
        mark_boxes_in_error(self)

    def clean_reference(self):
        reference = re.sub(r"[^A-Z0-9]", "", self.cleaned_data["reference"].upper())
        if not reference:
            # Only hyphens or spaces: without this, clean() finds no experience
            # to look up and the view has none to withdraw.
            raise ValidationError(self.fields["reference"].error_messages["required"])
        return reference

    def clean_code(self):
        return re.sub(r"[^A-Z0-9]", "", self.cleaned_data["code"].upper())

    def clean(self):
        cleaned = super().clean()
        code, email = cleaned.get("code"), cleaned.get("email")
        if not code and not email and "email" not in self.errors:
            self.add_error(
                "code", "Enter your withdrawal code, or the email address you gave us"
            )
        return cleaned

    def find(self) -> Experience | None:
        """The experience the answers prove to be theirs, if any."""
        data = self.cleaned_data
        experience = (
            Experience.objects.active().filter(reference=data["reference"]).first()
        )
        if experience is None:
            return None
        by_code = services.withdraw_code_matches(experience, data["code"])
        by_email = bool(data["email"]) and (
            experience.contact_email.lower() == data["email"].lower()
        )
        return experience if by_code or by_email else None


def _too_many_withdraw_tries(request) -> bool:
    count = cache.get(f"withdraw-tries:{_client_fingerprint(request)}", 0)
    return count >= settings.WITHDRAW_ATTEMPT_LIMIT


def _count_withdraw_try(request) -> None:
    _count(
        f"withdraw-tries:{_client_fingerprint(request)}",
        settings.WITHDRAW_ATTEMPT_WINDOW_SECONDS,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def withdraw_lookup(request):
    form = WithdrawLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Each wrong guess counts; past the limit, no more are checked for a
        # while, right or wrong, so a reference's code cannot be guessed.
        if _too_many_withdraw_tries(request):
            return render(request, "feedback/withdraw_too_many.html", status=429)
        experience = form.find()
        if experience is not None:
            token = services.withdraw_token(experience)
            return redirect("feedback:withdraw-link", token=token)
        _count_withdraw_try(request)
        form.add_error(None, NOT_FOUND)
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
