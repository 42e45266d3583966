"""Public pages come from the shared cache, and change the moment their content
does (issue 13); nothing personal is ever cached or marked public."""

import datetime

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.page_cache import PRIVATE, PUBLIC, PublicContent
from feedback.models import Experience, Response
from letters.models import AreaOfWeakness, Letter
from letters.services import letter_publish, letter_withdraw
from plans.models import Action
from tests.factories import (
    ExperienceFactory,
    LetterFactory,
    PublishedExperienceFactory,
    ResponseFactory,
)

AREA = "outcomes"


def public_urls():
    """Every kind of public page, from the seed content."""
    letter = Letter.objects.published().first()
    action = Action.objects.select_related("plan").first()
    response = Response.objects.filter(published_at__isnull=False).first()
    return [
        reverse("home"),
        reverse("letters:list"),
        letter.get_absolute_url(),
        letter.inspection.get_absolute_url(),
        reverse("letters:areas"),
        reverse("letters:area", kwargs={"slug": AREA}),
        reverse("letters:feed"),
        reverse("letters:area-feed", kwargs={"slug": AREA}),
        reverse("feedback:experiences"),
        reverse("feedback:experiences") + "?area=" + AREA,
        reverse("feedback:responses"),
        response.get_absolute_url(),
        reverse("feedback:responses-year", kwargs={"year": response.published_at.year}),
        reverse("feedback:responses-feed"),
        reverse("plans:index"),
        action.get_absolute_url(),
        reverse("search") + "?q=EHC+plan",
        reverse("sitemap"),
        reverse("robots"),
        reverse("accessibility"),
        reverse("privacy"),
        reverse("contact"),
        reverse("glossary"),
    ]


@pytest.fixture
def record(seeded_kent):
    """The seed content with a published experience and a published response."""
    area = AreaOfWeakness.objects.get(slug=AREA)
    PublishedExperienceFactory(areas=[area])
    ResponseFactory(
        areas=[area],
        status=Response.Status.PUBLISHED,
        published_at=timezone.now(),
    )


def test_every_public_page_is_public_with_an_etag_and_no_cookie(client, record):
    for url in public_urls():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == PUBLIC, url
        assert response["ETag"].startswith('"'), url
        assert not response.cookies, url
        assert b"csrfmiddlewaretoken" not in response.content, url
        again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
        assert again.status_code == 304, url
        assert again.content == b"", url


def test_a_second_visit_runs_no_query(client, record, django_assert_num_queries):
    for url in public_urls():
        first = client.get(url)
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second.content == first.content, url
        assert second["ETag"] == first["ETag"], url


def test_a_kept_page_has_every_header_the_first_one_had(client, record):
    """Kept pages are answered before any other middleware runs: every header
    the stack gave the page when it was drawn is kept with it."""
    for url in [reverse("home"), reverse("letters:feed"), reverse("sitemap")]:
        first = client.get(url)
        second = client.get(url)
        assert dict(second.headers) == dict(first.headers), url
        for header in (
            "Content-Type",
            "X-Frame-Options",
            "Content-Security-Policy",
            "Permissions-Policy",
            "Referrer-Policy",
            "Cross-Origin-Opener-Policy",
            "X-Content-Type-Options",
            "Cache-Control",
            "ETag",
        ):
            assert second.get(header) == first.get(header), (url, header)
            assert second.get(header), (url, header)


def test_each_process_remembers_the_pages_it_served(
    client, record, django_assert_num_queries
):
    """The shared cache may lose a page (evicted, or another server's): the
    copy this process kept under the same generation is still right."""
    from django.core.cache import cache

    url = reverse("letters:list")
    first = client.get(url)
    # The test cache is in memory: its keys are "<prefix>:<version>:<key>".
    kept = [key.split(":", 2)[2] for key in cache._cache if ":public-page:" in key]
    assert kept
    cache.delete_many(kept)
    assert not [key for key in cache._cache if ":public-page:" in key]
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second.content == first.content


def test_a_deploy_with_new_static_files_draws_pages_again(
    client, record, monkeypatch, django_assert_num_queries
):
    """A kept page names the stylesheet by its hashed name: after a deploy
    that changed it, an old page would come out unstyled."""
    from core import page_cache

    url = reverse("letters:list")
    monkeypatch.setattr(page_cache, "_release", lambda: "release-1")
    client.get(url)
    with django_assert_num_queries(0):
        client.get(url)
    monkeypatch.setattr(page_cache, "_release", lambda: "release-2")
    with CaptureQueriesContext(connection) as drawn:
        client.get(url)
    assert len(drawn) > 0


def test_a_kept_page_still_sends_plain_http_to_https(client, record, settings):
    """Answered first, a kept page must not skip SecurityMiddleware's
    redirect, nor its check of the host the request names."""
    settings.SECURE_SSL_REDIRECT = True
    url = reverse("letters:list")
    kept = client.get(url, secure=True)

    plain = client.get(url)
    secure = client.get(url, secure=True)
    strange_host = client.get(url, secure=True, HTTP_HOST="evil.example")

    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")
    assert secure.status_code == 200
    assert secure.content == kept.content
    assert strange_host.status_code == 400


def test_a_stale_etag_gets_the_page(client, record):
    response = client.get(reverse("letters:list"), HTTP_IF_NONE_MATCH='"stale"')
    assert response.status_code == 200
    assert b"Letter" in response.content


@pytest.mark.parametrize(
    "url",
    [
        "/share/",
        "/share/withdraw/",
        "/partners/",
        "/admin/",
        "/admin/login/",
        "/healthz",
        "/no-such-page/",
    ],
)
def test_journeys_partner_and_staff_pages_are_never_public(client, seeded_kent, url):
    response = client.get(url)
    assert response["Cache-Control"] != PUBLIC
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_staff_and_partner_pages_signed_in_are_private(editor_client, seeded_kent):
    for url in ["/admin/", "/admin/letters/letter/", "/admin/audit/"]:
        response = editor_client.get(url)
        assert "no-store" in response["Cache-Control"], url
        assert "public" not in response["Cache-Control"], url


def test_a_public_page_for_someone_signed_in_is_private_and_not_kept(
    client, editor_client, seeded_kent
):
    draft = LetterFactory(draft=True, title="Not yet for the public")
    staff_view = editor_client.get(reverse("letters:list"))
    assert staff_view["Cache-Control"] == PRIVATE
    assert "ETag" not in staff_view
    editor_client.logout()
    client.cookies.clear()
    public_view = client.get(reverse("letters:list"))
    assert public_view["Cache-Control"] == PUBLIC
    assert draft.title.encode() not in public_view.content


def test_a_post_to_a_public_page_is_not_kept(client, seeded_kent):
    response = client.post(reverse("home"))
    assert "public" not in response.get("Cache-Control", "")


# Each kind of change shows at once -----------------------------------------


def test_a_published_letter_shows_at_once(client, seeded_kent, editor):
    draft = LetterFactory(draft=True, title="A brand new letter")
    assert b"A brand new letter" not in client.get(reverse("letters:list")).content
    assert b"A brand new letter" not in client.get(reverse("home")).content
    letter_publish(letter=draft, actor=editor)
    assert b"A brand new letter" in client.get(reverse("letters:list")).content
    assert b"A brand new letter" in client.get(reverse("home")).content


def test_a_scheduled_letter_shows_on_time(client, seeded_kent, travel_to):
    now = timezone.now()
    LetterFactory(
        status=Letter.Status.SCHEDULED,
        publish_at=now + datetime.timedelta(minutes=5),
        title="Due in five minutes",
    )
    assert b"Due in five minutes" not in client.get(reverse("letters:list")).content
    travel_to(now + datetime.timedelta(minutes=4))
    assert b"Due in five minutes" not in client.get(reverse("letters:list")).content
    travel_to(now + datetime.timedelta(minutes=5, seconds=1))
    assert b"Due in five minutes" in client.get(reverse("letters:list")).content


def test_a_withdrawn_letter_is_marked_at_once(client, seeded_kent, editor):
    letter = LetterFactory(title="Sent in error")
    page = client.get(letter.get_absolute_url())
    assert b"This letter was withdrawn" not in page.content
    letter_withdraw(letter=letter, actor=editor, reason="It went to the wrong list.")
    page = client.get(letter.get_absolute_url())
    assert b"It went to the wrong list." in page.content


def test_a_moderation_decision_shows_at_once(client, seeded_kent):
    area = AreaOfWeakness.objects.get(slug=AREA)
    experience = ExperienceFactory(areas=[area], what_happened="Original words")
    url = reverse("feedback:experiences")
    assert b"Moderated words" not in client.get(url).content
    experience.status = Experience.Status.PUBLISHED
    experience.public_version = "Moderated words"
    experience.public_version_checked = True
    experience.moderated_at = timezone.now()
    experience.save()
    assert b"Moderated words" in client.get(url).content
    experience.status = Experience.Status.NOT_PUBLISHED
    experience.save()
    assert b"Moderated words" not in client.get(url).content


def test_a_new_submission_leaves_the_cached_pages_be(
    client, seeded_kent, django_assert_num_queries
):
    url = reverse("feedback:experiences")
    client.get(url)
    ExperienceFactory(areas=[AreaOfWeakness.objects.get(slug=AREA)])
    with django_assert_num_queries(0):
        client.get(url)


def test_a_published_response_shows_at_once(client, seeded_kent):
    response = ResponseFactory(title="We heard you about waiting")
    url = reverse("feedback:responses")
    assert b"We heard you about waiting" not in client.get(url).content
    response.status = Response.Status.PUBLISHED
    response.published_at = timezone.now()
    response.save()
    assert b"We heard you about waiting" in client.get(url).content


def test_a_plan_update_shows_at_once(client, seeded_kent):
    action = Action.objects.select_related("plan").first()
    url = action.get_absolute_url()
    assert b"A new title for the action" not in client.get(url).content
    action.title = "A new title for the action"
    action.save()
    assert b"A new title for the action" in client.get(url).content


def test_the_change_is_seen_after_commit_too(
    client, seeded_kent, editor, django_capture_on_commit_callbacks
):
    """A page rendered while the change was being written could be kept under
    the generation the change started; the bump after commit forgets it."""
    draft = LetterFactory(draft=True, title="Written while read")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        letter_publish(letter=draft, actor=editor)
        # A reader that saw the rows from before the commit, kept now:
        stale = client.get(reverse("letters:list"))
    assert callbacks
    assert b"Written while read" in client.get(reverse("letters:list")).content
    assert stale.status_code == 200


def test_every_model_says_whether_public_pages_show_it():
    """A new model must decide: shown on public pages (mix in PublicContent,
    so that its writes refresh them) or listed here as never shown."""
    never_shown = {
        # Audit trails, read by staff only.
        "accounts.SecurityEvent",
        "core.EmailEvent",
        "core.DataEvent",
        "letters.LetterEvent",
        "letters.JudgementEvent",
        "feedback.ExperienceEvent",
        "feedback.ExportEvent",
        "feedback.ResponseEvent",
        "plans.PlanEvent",
        # Accounts: public pages name organisations and posts, never users.
        "accounts.User",
        # Infrastructure.
        "core.OutboundEmail",
        "core.Announcement",
        # Email alerts: who follows what, never on a public page.
        "alerts.Subscriber",
        "alerts.Subscription",
        "alerts.Delivery",
        "alerts.FanOut",
        # Which emails staff want, and which the clock has sent.
        "accounts.NotificationPreference",
        "accounts.NudgeSent",
        "core.DemoRecord",
        # Staff spreadsheets, in private storage.
        "feedback.ExportFile",
        # The partner area's own records.
        "feedback.ForumMember",
        "feedback.ForumNote",
        # The dates editors are warned about, and the consultations' trail.
        "consultations.SchoolHoliday",
        "consultations.ConsultationEvent",
        # Written only by database triggers, in the same write as an
        # experience or its links, whose own signals refresh the pages.
        "feedback.ExperienceTally",
    }
    ours = {
        "core",
        "accounts",
        "letters",
        "feedback",
        "plans",
        "consultations",
        "alerts",
        "portal",
    }
    undecided = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in ours
        and not issubclass(model, PublicContent)
        and model._meta.label not in never_shown
    ]
    assert undecided == []
    wrongly_listed = [
        label
        for label in never_shown
        if issubclass(apps.get_model(label), PublicContent)
    ]
    assert wrongly_listed == []
