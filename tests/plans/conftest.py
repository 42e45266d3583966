"""What the tracker's tests share: a plan, its actions and the people who
post on them or answer for a forum, and how to sign one of them in."""

import datetime
import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from plans import services
from plans.models import Action, Confirmation, ImprovementPlan
from tests.factories import PDF_BYTES, AreaFactory, ForumFactory


def noon(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 12))


def make_plan(slug="app", **fields):
    fields.setdefault("title", "Accelerated Progress Plan")
    fields.setdefault("short_name", "APP")
    fields.setdefault("kind", ImprovementPlan.Kind.APP)
    return ImprovementPlan.objects.create(slug=slug, **fields)


def make_action(plan, reference, *, owners=(), **fields):
    fields.setdefault("title", f"Action {reference}")
    action = Action.objects.create(plan=plan, reference=reference, **fields)
    if owners:
        action.owners.set(owners)
    return action


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def action_url(action):
    return reverse(
        "plans:action", kwargs={"plan_slug": action.plan.slug, "pk": action.pk}
    )


def post_url(action_or_pk):
    pk = getattr(action_or_pk, "pk", action_or_pk)
    return reverse("admin:plans_action_post_update", args=[pk])


def change_url(action):
    return reverse("admin:plans_action_change", args=[action.pk])


def detail_url(action):
    """The action's page in the forum partner area."""
    return reverse("partner-actions:action", kwargs={"pk": action.pk})


def pdf(name="minutes.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def answers(**changes):
    """Answers to "Post an update", with `changes` made."""
    values = {
        "on": "2024-05-01",
        "new_status": "on-track",
        "new_progress": "40",
        "text": "The first monthly report on waiting times is published.",
        "evidence_url": "https://www.kent.gov.uk/send",
    }
    values.update(changes)
    return values


def _posted(value):
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def answers_on(page, **changes) -> dict:
    """What the admin page would send back unchanged (the main form, every
    inline and its management form), with `changes` made."""
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else _posted(value)
    data.update(changes)
    return data


def answer(action, partner, verdict, note=""):
    """A forum partner's answer on a done action, through the service."""
    return services.confirmation_record(
        action=action, actor=partner, verdict=verdict, note=note
    )


def given_on(day, action, partner, verdict, note=""):
    """An answer given on `day` (audit rows take the time they are saved)."""
    return Confirmation.objects.create(
        action=action,
        forum=partner.forum_member.forum,
        actor=partner,
        verdict=verdict,
        note=note,
        at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(12))),
    )


def text_of(response) -> str:
    """The page's words, tags stripped and spaces collapsed."""
    page = response.content.decode()
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def words_of(response) -> str:
    """The page's words, tags stripped, entities read and spaces collapsed."""
    words = re.sub(r"<[^>]+>", " ", response.content.decode())
    text = " ".join(html.unescape(words).split())
    return re.sub(r" ([,.:;])", r"\1", text)


def area_progress(response, plan, area):
    """An area's part of a plan on /progress/."""
    plan = next(item for item in response.context["plans"] if item.pk == plan.pk)
    return next(part for part in plan.areas if part.area == area)


@pytest.fixture
def clock(travel_to):
    travel_to(noon(2024, 6, 1))
    return travel_to


@pytest.fixture
def plan():
    return make_plan()


@pytest.fixture
def dated_plan():
    """A plan with the dates the public pages show."""
    return make_plan(
        approved_on=datetime.date(2023, 7, 1),
        approved_precision=ImprovementPlan.Precision.MONTH,
        next_review_on=datetime.date(2024, 9, 30),
    )


@pytest.fixture
def area():
    return AreaFactory(short_title="Waiting times for assessments", slug="waits")


@pytest.fixture
def owner(user_with_role):
    return user_with_role("Action owner", username="owner")


@pytest.fixture
def other_owner(user_with_role):
    return user_with_role("Action owner", username="other-owner")


@pytest.fixture
def owner_client(owner):
    return signed_in(owner)


@pytest.fixture
def editor(user_with_role):
    return user_with_role("Editor", username="plans-editor")


@pytest.fixture
def editor_client(editor):
    return signed_in(editor)


@pytest.fixture
def administrator_client(user_with_role):
    return signed_in(user_with_role("Administrator"))


@pytest.fixture
def action(plan, owner):
    return make_action(plan, "APP 1.1", owners=[owner])


@pytest.fixture
def others_action(plan, other_owner):
    return make_action(plan, "APP 2.1", owners=[other_owner])


@pytest.fixture
def forum():
    return ForumFactory(
        name="Kent PACT (Parents and Carers Together)",
        short_name="Kent PACT",
        slug="kent-pact",
    )


@pytest.fixture
def partner(user_with_role, forum):
    return user_with_role("Forum partner", username="pact", forum=forum)


@pytest.fixture
def partner_client(client, partner):
    client.force_login(partner)
    return client


@pytest.fixture
def done(plan):
    return make_action(
        plan,
        "APP 1.3",
        title="Publish who decides what",
        status=Action.Status.DONE,
        progress=100,
        area=AreaFactory(short_title="Governance"),
    )
