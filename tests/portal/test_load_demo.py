"""`manage.py load_demo`: demonstration content on top of the seed content,
every record marked, removable exactly; accounts for every role with DEBUG."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import DemoRecord
from feedback.models import Experience, ExperienceTally, ForumMember, Response
from letters.models import Letter
from plans.models import Action, ImprovementPlan, ProgressUpdate
from portal.management.commands.load_demo import Command as LoadDemo
from portal.roles import ROLES

LETTERS, EXPERIENCES = 20, 200
MARKED = (Letter, Experience, Response, ImprovementPlan, Action, ProgressUpdate)
PAGES = [
    reverse("home"),
    reverse("letters:list"),
    reverse("feedback:experiences"),
    reverse("letters:area", kwargs={"slug": "outcomes"}),
]


def load_demo(*args) -> str:
    out = StringIO()
    call_command(
        "load_demo",
        "--letters",
        str(LETTERS),
        "--experiences",
        str(EXPERIENCES),
        *args,
        stdout=out,
        stderr=StringIO(),
    )
    return out.getvalue()


def row_counts() -> dict:
    """Rows of each model; the tally's rows that count nothing are as good
    as absent (a count that falls to 0 keeps its row)."""
    return {
        model._meta.label: (
            model.objects.filter(published__gt=0)
            if model is ExperienceTally
            else model.objects
        ).count()
        for label in ("letters", "feedback", "plans", "consultations")
        for model in apps.get_app_config(label).get_models()
    }


@pytest.fixture
def loaded(db):
    return load_demo()


def test_it_adds_what_was_asked_on_top_of_the_seed_content(loaded):
    demo_letters = DemoRecord.objects.of(Letter)

    assert demo_letters.count() == LETTERS
    assert DemoRecord.objects.of(Experience).count() == EXPERIENCES
    assert Letter.objects.exclude(pk__in=demo_letters).exists()  # the seed
    assert demo_letters.filter(in_reply_to__isnull=False).exists()
    assert all(letter.signatories.exists() for letter in demo_letters)
    assert set(demo_letters.values_list("status", flat=True)) == {"published"}
    statuses = set(DemoRecord.objects.of(Experience).values_list("status", flat=True))
    assert {"published", "new", "not-published"} <= statuses
    assert DemoRecord.objects.of(Response).filter(status="published").exists()
    assert DemoRecord.objects.of(ProgressUpdate).exists()
    assert "200 experiences" in loaded and "load_demo --remove" in loaded


def test_every_record_it_makes_is_marked_and_says_so(db):
    call_command("seed_content", verbosity=0)
    before = {
        model: set(model.objects.values_list("pk", flat=True)) for model in MARKED
    }

    load_demo()

    for model in MARKED:
        new = model.objects.exclude(pk__in=before[model])
        assert new.exists(), model
        assert set(new.values_list("pk", flat=True)) == set(
            DemoRecord.objects.of(model).values_list("pk", flat=True)
        ), model
    for model in (Letter, Response, ImprovementPlan):
        titles = DemoRecord.objects.of(model).values_list("title", flat=True)
        assert all(title.startswith("Demonstration") for title in titles)


def test_the_same_seed_makes_the_same_content(db):
    load_demo("--seed", "7")
    first = list(DemoRecord.objects.of(Experience).values_list("reference", "status"))
    call_command("load_demo", "--remove", stdout=StringIO())

    load_demo("--seed", "7")

    assert (
        list(DemoRecord.objects.of(Experience).values_list("reference", "status"))
        == first
    )


def test_remove_deletes_exactly_the_demonstration_records(db):
    call_command("seed_content", verbosity=0)
    before = row_counts()
    load_demo()
    load_demo()  # a second run adds more

    out = StringIO()
    call_command("load_demo", "--remove", stdout=out)

    assert row_counts() == before
    assert not DemoRecord.objects.exists()
    assert f"{2 * EXPERIENCES} experiences" in out.getvalue()


def queries_per_page(client) -> list[int]:
    counts = []
    for url in PAGES:
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        assert page.status_code == 200, url
        counts.append(len(queries))
    return counts


def test_public_pages_run_as_many_queries_for_twice_the_content(loaded, client):
    from django.core.cache import cache

    cache.clear()
    once = queries_per_page(client)
    load_demo()
    cache.clear()

    assert queries_per_page(client) == once


def test_no_progress_bar_when_not_on_a_terminal(db):
    err = StringIO()

    call_command(
        "load_demo",
        "--letters",
        "2",
        "--experiences",
        "20",
        stdout=StringIO(),
        stderr=err,
    )

    assert err.getvalue() == ""


def test_the_progress_bars_of_a_normal_run_are_not_red(db):
    # manage.py's command writes to stderr in red, as for errors; a normal
    # run's bars are drawn in the terminal's own colour.
    class Terminal(StringIO):
        def isatty(self):
            return True

    command = LoadDemo(stderr=Terminal(), force_color=True)

    call_command(command, "--letters", "2", "--experiences", "20", stdout=StringIO())

    drawn = command.stderr._out.getvalue()
    assert "] 20/20" in drawn
    assert "\x1b[" not in drawn


def test_no_accounts_without_debug(loaded):
    assert "only with DEBUG on" in loaded
    assert not get_user_model().objects.filter(username__startswith="demo-").exists()


def signs_in(username: str, password: str, code: str) -> bool:
    client = Client()
    partner = ForumMember.objects.filter(user__username=username).exists()
    sign_in = "partners:sign-in" if partner else "admin:login"
    verify = "partners-two-factor:verify" if partner else "admin-two-factor:verify"
    first = client.post(reverse(sign_in), {"username": username, "password": password})
    second = client.post(reverse(verify), {"code": code})
    return first.status_code == 302 and second.status_code == 302


def test_with_debug_every_role_gets_an_account_that_signs_in(db, settings):
    settings.DEBUG = True
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    out = StringIO()
    call_command("load_demo", "--letters", "1", "--experiences", "0", stdout=out)
    printed = out.getvalue()

    users = DemoRecord.objects.of(get_user_model())
    assert sorted(user.groups.get().name for user in users) == sorted(ROLES)
    for user in users:
        password = printed.split(f"username:     {user.username}\n")[1].split()[1]
        codes = StaticToken.objects.filter(device__user=user)
        assert codes.count() == settings.TWO_FACTOR_BACKUP_CODES
        assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        assert codes.first().token in printed
        assert signs_in(user.username, password, codes.first().token), user
        assert user.email == f"{user.username}@example.org"
    partner = users.get(groups__name="Forum partner")
    assert partner.forum_member.forum.slug == "kent-pact"


def test_run_again_it_resets_the_accounts_instead_of_failing(db, settings):
    settings.DEBUG = True
    call_command("load_demo", "--letters", "0", "--experiences", "0", stdout=StringIO())
    first = dict(get_user_model().objects.values_list("username", "password"))

    call_command("load_demo", "--letters", "0", "--experiences", "0", stdout=StringIO())

    again = dict(get_user_model().objects.values_list("username", "password"))
    assert again.keys() == first.keys()
    assert all(again[name] != first[name] for name in first)


@pytest.mark.parametrize(
    "args",
    [
        ["--letters", "-1"],
        ["--experiences", "1000001"],
        ["--remove", "--letters", "5"],
    ],
)
def test_bad_arguments_are_refused(db, args):
    with pytest.raises(CommandError):
        call_command("load_demo", *args, stdout=StringIO())
    assert not DemoRecord.objects.exists()
