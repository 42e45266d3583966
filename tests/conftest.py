"""Fixtures shared by every test folder."""

import importlib
import warnings
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from letters import seed_data
from letters.models import AreaOfWeakness, Inspection
from tests import nu
from tests.factories import InspectionFactory
from tests.markup import Markup


def pytest_collection_modifyitems(items):
    """Longest first: the browser tests marked `long`, the other browser tests,
    the other tests marked `long`, then the rest, each group in its usual
    order. `make test` has pytest-xdist hand tests out one at a time in this
    order (`--maxschedchunk 1`), so the many short tests come last and fill
    the gaps: a walk of the whole site started last would keep one process
    busy a minute after the other has finished. Browser tests stay together,
    so each process starts Chromium as few times as it can."""

    def weight(item):
        long = item.get_closest_marker("long") is None
        browser = item.get_closest_marker("browser") is None
        return (browser, long)

    items.sort(key=weight)


# What migrate makes once and the tests only read: kept through the flush that
# ends each transactional (browser) test, so that it need not be made again.
# Making it again (content types, permissions, the roles) took more time than
# the flush itself: 0.6 s a test on PostgreSQL.
KEPT_THROUGH_FLUSH = frozenset(
    {"django_content_type", "auth_permission", "auth_group", "auth_group_permissions"}
)
# The data migrations whose rows every test may count on (Kent's districts,
# the themes): tests add to these tables, so they are emptied and loaded again.
REFERENCE_DATA = [
    ("feedback.migrations.0002_districts", "load_districts"),
    ("feedback.migrations.0005_themes", "add_themes"),
]


def _flush_all_but_what_migrate_made(style, connection, **options):
    tables = connection.introspection.django_table_names(
        only_existing=True, include_views=False
    )
    kept = [table for table in tables if table not in KEPT_THROUGH_FLUSH]
    if connection.vendor != "postgresql":
        return connection.ops.sql_flush(style, kept, **options)
    # PostgreSQL's TRUNCATE makes each table anew: 0.12 s for the few rows a
    # test leaves, where DELETE takes about a tenth of that. Django's foreign
    # keys are checked at commit there, and flush runs in one transaction.
    quote = connection.ops.quote_name
    return ["SET CONSTRAINTS ALL DEFERRED"] + [
        f"DELETE FROM {quote(table)}" for table in kept
    ]


def _load_reference_data(*args, **kwargs):
    """After a flush: the database as migrate left it, whichever test ran
    before in this process."""
    for module, loader in REFERENCE_DATA:
        getattr(importlib.import_module(module), loader)(apps, None)


@pytest.fixture(scope="session", autouse=True)
def _flush_keeps_what_migrate_made():
    from django.core.management.commands import flush

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(flush, "sql_flush", _flush_all_but_what_migrate_made)
        patch.setattr(flush, "emit_post_migrate_signal", _load_reference_data)
        yield


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Rate limits and sign-in throttles count in the cache (locmem in tests,
    shared by every test in the process): start each test at zero.

    A test with the database then starts a generation of cached public pages,
    as a running site has one: a page's query budget counts its own queries,
    not the one a new generation costs (core.page_cache). No page is kept."""
    from django.core.cache import cache

    from core.page_cache import current_generation

    cache.clear()
    for database in ("transactional_db", "db"):
        if database in request.fixturenames:
            request.getfixturevalue(database)
            current_generation()
            break
    yield
    cache.clear()


def give_second_factor(client, user):
    """Mark a signed-in test client as having given its second factor, with a
    confirmed authenticator app like the one a real sign-in needs."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Authenticator app", confirmed=True
        )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture(autouse=True)
def _force_login_gives_the_second_factor(monkeypatch):
    """Tests sign in with `client.force_login(user)`; staff and partner pages
    also need the second factor, so it is given too. Tests of the sign-in
    steps themselves sign in through the pages instead."""
    from django.test import Client

    password_only = Client.force_login

    def force_login(self, user, backend=None):
        password_only(self, user, backend)
        give_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(
        Client, "force_login_without_second_factor", password_only, raising=False
    )


@pytest.fixture
def seeded(db):
    """The shipped seed content, as `make run` loads it."""
    call_command("seed_content", verbosity=0, stdout=StringIO())


def _load_districts():
    migration = importlib.import_module("feedback.migrations.0002_districts")
    migration.load_districts(apps, None)


@pytest.fixture
def kent(db):
    """The nine areas of the 2019 inspection, the ones families are asked about,
    as the seed content has them, and Kent's districts.

    Only what the journey needs: the whole seed content (`seeded`) takes a
    good part of a second a test on PostgreSQL. The districts come with a data
    migration; loading them again (it is get_or_create) keeps them there after
    a transactional test has emptied every table.
    """
    inspection = InspectionFactory(
        slug="kent-local-area-send-2019", kind=Inspection.Kind.SEND_LOCAL_AREA
    )
    AreaOfWeakness.objects.bulk_create(
        AreaOfWeakness(
            inspection=inspection,
            number=number,
            slug=slug,
            short_title=title,
            plain_title=seed_data.PLAIN_TITLES[slug],
            finding=finding,
        )
        for number, slug, title, finding, _provisional, _note in seed_data.AREAS_2019
    )
    _load_districts()


@pytest.fixture
def seeded_kent(seeded):
    """The whole seed content, for pages beyond the journey, and the districts."""
    _load_districts()


@pytest.fixture
def editor(django_user_model):
    """A member of staff with every letters permission (publish, withdraw)."""
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(
        username="editor", password="a-long-test-password", is_staff=True
    )
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="letters")
    )
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def user_with_role(db, django_user_model):
    """`user_with_role("Moderator")`: a user in that role's group (made by the
    roles migration), with staff status when the role uses the admin.
    Forum partners need `forum=` (an Organisation) to be tied to a forum."""
    from django.contrib.auth.models import Group

    from feedback.models import ForumMember
    from portal.roles import STAFF_ROLES, sync_roles

    def make(role, *, username=None, forum=None):
        if not Group.objects.filter(name=role).exists():
            sync_roles()  # a transactional test's flush removed the groups
        user = django_user_model.objects.create_user(
            username=username or role.lower().replace(" ", "-"),
            password="a-long-test-password",
            is_staff=role in STAFF_ROLES,
        )
        user.groups.add(Group.objects.get(name=role))
        if forum is not None:
            ForumMember.objects.create(user=user, forum=forum)
        return user

    return make


@pytest.fixture
def travel_to(monkeypatch):
    """Move the clock: `travel_to(moment)` makes timezone.now() return it.

    Every publication check calls django.utils.timezone.now at request time,
    so this is all the time travel the record needs.
    """

    def travel(moment):
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return travel


@pytest.fixture
def assert_harmless():
    """Check a page for hostile markup that a browser would act on: injected
    scripts, styles, frames or images, event handlers and javascript: links.
    Escaped text (`&lt;script&gt;`) is harmless and passes."""

    def check(html: str) -> None:
        markup = Markup()
        markup.feed(html)
        tags = {tag for tag, _ in markup.elements}
        assert not tags & {"img", "iframe", "style", "object", "embed"}
        assert not "".join(markup.script_text).strip(), "inline script"
        for tag, attrs in markup.elements:
            handlers = [name for name in attrs if name.startswith("on")]
            assert not handlers, f"<{tag}> has {handlers}"
            for name in ("href", "src", "action"):
                value = (attrs.get(name) or "").strip().lower()
                assert not value.startswith("javascript:"), f"<{tag} {name}={value}>"

    return check


NO_NU_CHECKER = "NO NU HTML CHECKER"


@pytest.fixture(scope="session")
def nu_service(request):
    """The Nu HTML Checker for this test process (one Java, started once), or
    None where it cannot run and is not required (CI requires it)."""
    why = nu.missing()
    if why:
        if nu.required():
            pytest.fail(f"{NO_NU_CHECKER}: {why}", pytrace=False)
        warnings.warn(f"{NO_NU_CHECKER}: {why}", stacklevel=1)
        return None
    service = nu.NuService()
    request.addfinalizer(service.stop)
    return service


@pytest.fixture
def nu_checker(nu_service):
    """The checker for a test that validates pages itself: skipped, loudly,
    where there is none and none is required."""
    if nu_service is None:
        pytest.skip(f"{NO_NU_CHECKER}: {nu.missing()}")
    return nu_service


@pytest.fixture(scope="session")
def s3_server():
    """A local S3 server (moto) for this test process, started once."""
    from tests.object_storage import start_s3_server

    server, address = start_s3_server()
    yield address
    server.stop()


@pytest.fixture
def object_storage(s3_server, settings, monkeypatch):
    """Uploaded files go to a new private bucket on the local S3 server,
    through the storage that portal/settings.py chooses when S3_BUCKET is set.
    Fields that use the default storage follow it: Django forgets the storage
    it made when STORAGES changes (and again when the test puts it back)."""
    from tests.object_storage import Bucket, settings_from_environment

    bucket = Bucket(s3_server)
    chosen = settings_from_environment(monkeypatch, **bucket.environment())
    settings.STORAGES = {**settings.STORAGES, "default": chosen["STORAGES"]["default"]}
    return bucket
