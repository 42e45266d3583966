"""Site-wide behaviour: machine pages, error pages and security headers."""

import datetime
import re

import pytest
from django.conf import settings as django_settings
from django.db import DatabaseError
from django.test import Client, RequestFactory
from django.urls import path, reverse
from django.utils import timezone

from letters import services as letter_services
from letters.models import Letter
from portal import views
from tests.factories import AreaFactory, LetterFactory
from tests.sitemaps import locations, path_of, whole_sitemap


def boom(request):
    raise RuntimeError("A fault in a view")


# This module doubles as a URLconf for the 500 test: one view that fails.
urlpatterns = [path("boom/", boom)]
handler500 = "portal.views.server_error"


def test_healthz_says_ok_in_json(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "static": "ok",
        "oldest_unsent_task_seconds": None,
    }
    assert "no-store" in response["Cache-Control"]


def test_healthz_reports_an_unavailable_database(client, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(views, "connection", BrokenConnection())

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_healthz_reports_a_cache_without_its_table(client, db, settings):
    """The database cache before `createcachetable`: sign-in and sharing
    would fail, so the load balancer must hear of it."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "no_such_table",
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"


def test_healthz_reports_static_files_that_were_never_collected(
    client, db, settings, tmp_path
):
    """Finding: following docs/deploy.md left every page answering 500 (no
    manifest) while /healthz said 200."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        },
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["static"] == "unavailable"


def test_healthz_says_how_long_the_oldest_job_has_waited(
    client, db, settings, travel_to
):
    from django.utils import timezone

    from core.email import email_queue

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    email_queue(to="a@example.org", subject="S", body="B", purpose="test")
    travel_to(timezone.now() + timezone.timedelta(minutes=10))

    response = client.get("/healthz")

    assert response.status_code == 200
    assert 599 <= response.json()["oldest_unsent_task_seconds"] <= 601


def test_collectstatic_succeeds_on_the_committed_styles(settings, tmp_path):
    """Finding: collectstatic failed on the footer crest, an image the build
    does not copy (GOV.UK's alone)."""
    from io import StringIO

    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }

    call_command("collectstatic", interactive=False, verbosity=0, stdout=StringIO())

    manifest = (tmp_path / "staticfiles.json").read_text()
    assert "portal/portal.css" in manifest


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_names_the_sitemap(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.text.splitlines()
    assert "Disallow: /admin/" in lines
    assert f"Sitemap: {django_settings.SITE_URL}/sitemap.xml" in lines


def test_sitemap_lists_published_letters_only(client, db):
    published = LetterFactory()
    unpublished = [
        LetterFactory(draft=True),
        LetterFactory(scheduled=True),
        LetterFactory(withdrawn=True),
    ]

    sitemap = whole_sitemap(client)

    assert f"{django_settings.SITE_URL}{published.get_absolute_url()}" in sitemap
    for letter in unpublished:
        assert letter.get_absolute_url() not in sitemap


def test_a_letters_lastmod_is_its_last_public_change_not_its_last_save(client, editor):
    """Finding: lastmod followed `updated_at`, which any save moves."""
    letter = LetterFactory(publish_at=timezone.now() - datetime.timedelta(days=40))
    location = f"<loc>{django_settings.SITE_URL}{letter.get_absolute_url()}</loc>"

    def lastmod():
        text = whole_sitemap(client)
        return text.split(location, 1)[1].split("<lastmod>", 1)[1][:10]

    letter.save()
    assert lastmod() == f"{timezone.localtime(letter.publish_at):%Y-%m-%d}"

    letter_services.letter_record_edit(
        letter=letter, actor=editor, change_note="The date was wrong."
    )
    note = letter.change_notes.get()
    assert lastmod() == f"{timezone.localtime(note.made_at):%Y-%m-%d}"


def test_sitemap_lists_the_site_pages_inspections_and_areas(client, db):
    area = AreaFactory()

    sitemap = whole_sitemap(client)

    for url in [
        reverse("home"),
        reverse("letters:list"),
        reverse("letters:areas"),
        reverse("plans:index"),
        area.get_absolute_url(),
        area.inspection.get_absolute_url(),
    ]:
        assert f"<loc>{django_settings.SITE_URL}{url}</loc>" in sitemap


@pytest.mark.parametrize("url", ["/no-such-page/", "/letters/no-such-letter/"])
def test_missing_page_gives_the_friendly_404(client, db, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    assert "<title>Page not found - " in response.text
    assert 'href="/search/"' in response.text


@pytest.mark.urls("tests.portal.test_site")
def test_a_fault_gives_the_500_page():
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_server_error_handler_renders_the_500_template():
    request = RequestFactory().get("/")

    response = views.server_error(request)

    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert "Try again later." in response.content.decode()


@pytest.mark.parametrize(
    "url", ["/", "/letters/", "/search/?q=waiting", "/healthz", "/no-such-page/"]
)
def test_every_response_carries_the_security_headers(client, db, url):
    response = client.get(url)

    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("url", ["/", "/letters/", "/share/", "/no-such-page/"])
def test_only_the_script_that_marks_the_page_runs_before_the_first_paint(
    client, db, url
):
    # supported.js is a few lines that must mark <body> before it is drawn
    # (portal.scss draws the phone menu collapsed from it); every other script
    # waits for the page (a module script is deferred).
    scripts = re.findall(r"<script\b[^>]*>", client.get(url).text)

    assert scripts
    for script in scripts:
        assert (
            re.search(r"/portal/supported(\.\w+)?\.js\"", script)
            or 'type="module"' in script
            or re.search(r"\s(defer|async)[\s>]", script)
        ), script


@pytest.mark.parametrize(
    "name, heading",
    [
        ("accessibility", "Accessibility"),
        ("privacy", "Privacy"),
        ("contact", "Contact"),
    ],
)
def test_required_public_sector_pages_load(client, db, name, heading):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert heading in response.text


def test_a_refused_staff_page_gives_the_friendly_403(client, user_with_role):
    client.force_login(user_with_role("Analyst"))

    # Recording an experience by hand needs feedback.add_experience.
    refused = client.get(reverse("admin:feedback_experience_record"))

    assert refused.status_code == 403
    assert "403.html" in [template.name for template in refused.templates]
    assert "You cannot see this page" in refused.text


def test_sitemap_lists_every_action_page(client, seeded):
    from plans.models import Action

    sitemap = whole_sitemap(client)

    actions = list(Action.objects.select_related("plan"))
    assert actions
    for action in actions:
        assert (
            f"<loc>{django_settings.SITE_URL}{action.get_absolute_url()}</loc>"
            in sitemap
        )


def test_the_sitemap_is_an_index_of_one_sitemap_per_kind(client, seeded):
    """Issue 13: the one sitemap rendered every address of the site on every
    request; now each kind is its own, and the index only points to them."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert index["Content-Type"] == "application/xml"
    sections = [path_of(address) for address in locations(index.content)]
    assert sections == [
        f"/sitemap-{kind}.xml"
        for kind in [
            "pages",
            "letters",
            "inspections",
            "areas",
            "responses",
            "response-years",
            "actions",
            "consultations",
            "consultation-outcomes",
        ]
    ]
    letters = client.get("/sitemap-letters.xml").text
    assert Letter.objects.published().first().get_absolute_url() in letters
    assert "/areas/" not in letters
    assert client.get("/sitemap-nonsense.xml").status_code == 404


def test_a_long_kind_is_split_into_pages(client, seeded, monkeypatch):
    from letters.sitemaps import LetterSitemap

    monkeypatch.setattr(LetterSitemap, "limit", 2)
    published = Letter.objects.published().count()
    assert published > 2
    index = [
        path_of(address) for address in locations(client.get("/sitemap.xml").content)
    ]
    pages = [path for path in index if path.startswith("/sitemap-letters.xml")]
    assert pages[0] == "/sitemap-letters.xml"
    assert pages[1:] == [
        f"/sitemap-letters.xml?p={page}" for page in range(2, (published + 1) // 2 + 1)
    ]
    listed = "".join(client.get(page).text for page in pages)
    assert listed.count("<url>") == published
