"""The steps of the "Share your experience" journey and the answers it keeps in
the session (`request.session["share"]`): a submission key, the start time,
the answers per step as the forms cleaned them, and once sent what the
confirmation page shows."""

import time
import uuid

from django.conf import settings
from django.core.validators import slug_re
from django.urls import reverse

from letters.models import AreaOfWeakness

from . import services
from .forms import (
    STEP_FORMS,
    AreasForm,
    ChildForm,
    ConsentForm,
    RespondentForm,
    StoryForm,
    is_yes,
    offered_areas,
)
from .models import District, Experience

SESSION_KEY = "share"
STEPS = list(STEP_FORMS)
REQUIRED_STEPS = ["about-you", "areas", "what-happened", "consent"]
# The questions, then "Check your answers": "Step 6 of 6" is the last page
# before sending.
STEP_COUNT = len(STEPS) + 1


def step_caption(number: int) -> str:
    return f"Step {number} of {STEP_COUNT}"


def step_url(step: str, *, change: bool = False) -> str:
    url = reverse("feedback:step", kwargs={"step": step})
    return f"{url}?change=1" if change else url


def next_url(step: str, changing: bool) -> str:
    position = STEPS.index(step)
    if changing or position + 1 == len(STEPS):
        return reverse("feedback:check")
    return step_url(STEPS[position + 1])


def back_url(step: str, changing: bool) -> str:
    if changing:
        return reverse("feedback:check")
    position = STEPS.index(step)
    if position == 0:
        return reverse("feedback:start")
    return step_url(STEPS[position - 1])


def journey_of(request) -> dict | None:
    return request.session.get(SESSION_KEY)


def journey_save(request, journey: dict) -> None:
    request.session[SESSION_KEY] = journey
    request.session.set_expiry(settings.SHARE_SESSION_SECONDS)


def journey_start(request) -> dict:
    journey = {
        "key": str(uuid.uuid4()),
        "started": time.time(),
        "answers": {},
        "done": None,
        # Made now, not when sending, so that the two requests of a double
        # click both show the code that was stored.
        "withdraw_code": services.new_withdraw_code(),
    }
    journey_save(request, journey)
    return journey


def linked_area(request) -> AreaOfWeakness | None:
    """The area an area page's link names (`?area=<slug>`), if the first
    question offers it.

    Only something shaped like a slug is looked up: PostgreSQL refuses a NUL
    in a query, and nothing else can be an area's slug.
    """
    slug = request.GET.get("area", "")
    if not slug_re.match(slug):
        return None
    return offered_areas().filter(slug=slug).first()


def is_young(journey: dict) -> bool:
    respondent = journey["answers"].get("about-you", {}).get("respondent")
    return respondent == Experience.Respondent.YOUNG_PERSON


def _areas_chosen(journey: dict) -> bool:
    areas = journey["answers"].get("areas", {}).get("areas", [])
    return Experience.Need.NOT_SURE not in areas


def step_form(step: str, journey: dict, data=None):
    form_class = STEP_FORMS[step]
    kwargs = {"young": is_young(journey)}
    if form_class is ConsentForm:
        kwargs["areas_chosen"] = _areas_chosen(journey)
    if data is None:
        return form_class(initial=journey["answers"].get(step, {}), **kwargs)
    return form_class(data, **kwargs)


def all_answers(journey: dict) -> dict:
    merged = {}
    for step in STEPS:
        merged.update(journey["answers"].get(step, {}))
    return merged


def _choice(choices, answer: str | None):
    return choices(answer) if answer else None


def experience_answers(answers: dict) -> services.ExperienceAnswers:
    """The answers as the forms cleaned them (the session's plain JSON, every
    step's merged) as `experience_submit` takes them: booleans, the areas and
    the district, and the model's choices."""
    area_slugs = answers.get("areas", [])
    district_slug = answers.get("district") or ""
    return services.ExperienceAnswers(
        respondent=Experience.Respondent(answers["respondent"]),
        areas=list(AreaOfWeakness.objects.filter(slug__in=area_slugs)),
        area_not_sure=Experience.Need.NOT_SURE in area_slugs,
        age_group=_choice(Experience.AgeGroup, answers.get("age_group")),
        setting=_choice(Experience.Setting, answers.get("setting")),
        district=(
            District.objects.filter(slug=district_slug).first()
            if district_slug and district_slug != Experience.Need.PREFER_NOT
            else None
        ),
        district_prefer_not=district_slug == Experience.Need.PREFER_NOT,
        needs=[Experience.Need(need) for need in answers.get("needs", [])],
        ehc_status=_choice(Experience.EhcStatus, answers.get("ehc_status")),
        what_happened=answers.get("what_happened", ""),
        what_would_help=answers.get("what_would_help", ""),
        consent_publish=is_yes(answers.get("consent_publish")),
        consent_share=is_yes(answers.get("consent_share")),
        consent_contact=is_yes(answers.get("consent_contact")),
        contact_email=answers.get("contact_email", ""),
        contact_phone=answers.get("contact_phone", ""),
    )


def _area_names(slugs: list[str]) -> list[str]:
    names = dict(
        AreaOfWeakness.objects.filter(slug__in=slugs).values_list("slug", "plain_title")
    )
    return [
        "I\u2019m not sure"
        if slug == Experience.Need.NOT_SURE
        else names.get(slug, slug)
        for slug in slugs
    ]


def _district_name(slug: str) -> str:
    if slug == Experience.Need.PREFER_NOT:
        return "Prefer not to say"
    return (
        District.objects.filter(slug=slug).values_list("name", flat=True).first() or ""
    )


# The check-answers rows: (step, field), or (step, field, answer in words)
# where the field's choices do not give the words.
def _summary_rows(answers: dict, child: ChildForm) -> list[tuple]:
    needs = dict(child.fields["needs"].choices)
    rows = [
        ("about-you", "respondent"),
        ("areas", "areas", _area_names(answers.get("areas", []))),
        ("child", "age_group"),
        ("child", "setting"),
        ("child", "district", _district_name(answers.get("district", ""))),
        ("child", "needs", [needs.get(n, n) for n in answers.get("needs", [])]),
        ("child", "ehc_status"),
        ("what-happened", "what_happened", answers.get("what_happened", "")),
        ("what-happened", "what_would_help", answers.get("what_would_help", "")),
        ("consent", "consent_publish"),
        ("consent", "consent_share"),
        ("consent", "consent_contact"),
    ]
    if is_yes(answers.get("consent_contact")):
        rows.append(("consent", "contact_email", answers.get("contact_email", "")))
        rows.append(("consent", "contact_phone", answers.get("contact_phone", "")))
    return rows


# The contact boxes' labels say when they are optional; the summary does not.
SUMMARY_LABELS = {"contact_email": "Email address", "contact_phone": "Phone number"}


def summary(journey: dict) -> list[dict]:
    """The check-answers rows: question, answer in words, the step to change it."""
    answers = all_answers(journey)
    young = is_young(journey)
    forms = {
        "about-you": RespondentForm(young=young),
        "areas": AreasForm(young=young, areas=[]),
        "child": ChildForm(young=young, districts=[]),
        "what-happened": StoryForm(young=young),
        "consent": ConsentForm(young=young),
    }
    rows = []
    for step, name, *words in _summary_rows(answers, forms["child"]):
        field = forms[step].fields[name]
        answer = words[0] if words else dict(field.choices).get(answers.get(name), "")
        rows.append(
            {
                "question": SUMMARY_LABELS.get(name, field.label),
                "answer": answer,
                "is_list": isinstance(answer, list),
                "change_url": step_url(step, change=True),
            }
        )
    return rows
