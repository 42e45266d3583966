"""Site pages: home, search, the required public-sector pages and machine pages."""

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import Count, Max
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks_db.models import DBTaskResult

from consultations.models import Consultation
from core.glossary import TERMS
from core.page_cache import public_page
from core.retention import describe_days, schedule
from core.site import absolute_url
from letters.models import AreaOfWeakness, Inspection, Letter
from letters.views import latest_judgements
from plans.models import ImprovementPlan

from .search import (
    RESULTS_LIMIT,
    clean_query,
    search_areas,
    search_consultations,
    search_experiences,
    search_letters,
    search_responses,
)

HOME_LETTERS = 5


@dataclass(frozen=True)
class Event:
    """Something that happened after the latest judgement, for the home page."""

    on: date
    when: str
    title: str
    url: str
    summary: str


@public_page
def home(request):
    """Where things stand: the latest judgement on the areas, and what has
    happened since (plans, inspections, letters), all from the record; and
    the consultations open now."""
    letters = Letter.objects.published().for_listing()[:HOME_LETTERS]
    areas = list(
        AreaOfWeakness.objects.select_related("inspection").prefetch_related(
            latest_judgements()
        )
    )
    revisit = (
        Inspection.objects.filter(judgements__isnull=False)
        .distinct()
        .order_by("-on_site_from")
        .first()
    )
    judged = Counter()
    since = []
    letters_since = {}
    if revisit:
        judged = Counter(
            area.judgements.all()[0].get_judgement_display()
            for area in areas
            if area.judgements.all() and area.judgements.all()[0].revisit == revisit
        )
        since = what_happened_since(revisit.on_site_to)
        letters_since = (
            Letter.objects.published()
            .filter(date__gt=revisit.on_site_to)
            .aggregate(count=Count("pk"), latest=Max("date"))
        )
    open_consultations = list(
        Consultation.objects.open()
        .prefetch_related("organisations")
        .order_by("closes_at", "pk")
    )
    return render(
        request,
        "portal/home.html",
        {
            "open_consultations": open_consultations,
            "letters": letters,
            "areas": areas,
            "revisit": revisit,
            "judged": sorted(judged.items()),
            "any_provisional": any(area.provisional for area in areas),
            "since": since,
            "letters_since": letters_since,
        },
    )


def what_happened_since(day):
    """Improvement plans approved and inspections held after `day`, oldest
    first, each as (date, title, url or "", summary)."""
    plans = ImprovementPlan.objects.filter(approved_on__gt=day).only(
        "title", "slug", "approved_on", "approved_precision", "summary"
    )
    inspections = Inspection.objects.filter(on_site_from__gt=day).only(
        "title", "slug", "on_site_from", "outcome", "summary"
    )
    events = [
        Event(
            on=plan.approved_on,
            when=plan.approved_label,
            title=plan.title,
            url=reverse("plans:index") + f"#plan-{plan.slug}",
            summary=plan.summary,
        )
        for plan in plans
    ] + [
        Event(
            on=inspection.on_site_from,
            when=f"{inspection.on_site_from:%B %Y}",
            title=inspection.title,
            url=inspection.get_absolute_url(),
            summary=inspection.outcome or inspection.summary,
        )
        for inspection in inspections
    ]
    return sorted(events, key=lambda event: event.on)


@public_page
def search(request):
    raw = request.GET.get("q", "")
    query = clean_query(raw)
    letters = areas = experiences = responses = consultations = []
    if query:
        letters = list(search_letters(query))
        areas = list(search_areas(query))
        experiences = list(search_experiences(query))
        responses = list(search_responses(query))
        consultations = list(search_consultations(query))
    return render(
        request,
        "portal/search.html",
        {
            "query": query,
            "searched": "q" in request.GET,
            "letters": letters,
            "areas": areas,
            "experiences": experiences,
            "responses": responses,
            "consultations": consultations,
            "result_count": len(letters)
            + len(areas)
            + len(experiences)
            + len(responses)
            + len(consultations),
            "letters_capped": len(letters) >= RESULTS_LIMIT,
        },
    )


@public_page
@require_GET
def robots_txt(request):
    sitemap = absolute_url(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /letters/*/preview/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


def _cache_ok() -> bool:
    token = get_random_string(12)
    try:
        cache.set("healthz", token, timeout=30)
        return cache.get("healthz") == token
    except Exception:  # any backend: a missing table, Redis away
        return False


def _static_ok() -> bool:
    """The compiled stylesheet resolves to a file (with the manifest built
    by collectstatic, in production): without it every page fails."""
    try:
        staticfiles_storage.url("portal/portal.css")
    except ValueError:
        return False
    return True


def _oldest_unsent_task_seconds() -> int | None:
    """How long the oldest job that is due has waited for a worker; None if
    none is waiting (or the tasks run at once, in development)."""
    try:
        oldest = (
            DBTaskResult.objects.ready()
            .order_by("enqueued_at")
            .values_list("enqueued_at", flat=True)
            .first()
        )
    except DatabaseError:
        return None
    if oldest is None:
        return None
    return int((timezone.now() - oldest).total_seconds())


@never_cache
@require_GET
def healthz(request):
    """For the load balancer: 503 when a page could not be served (database,
    shared cache or compiled static files unusable); the age of the oldest
    job waiting for a worker, to alert on (a stopped worker sends no email)."""
    checks = {
        "database": _database_ok(),
        "cache": _cache_ok(),
        "static": _static_ok(),
    }
    healthy = all(checks.values())
    body = {
        "status": "ok" if healthy else "error",
        **{name: "ok" if ok else "unavailable" for name, ok in checks.items()},
        "oldest_unsent_task_seconds": _oldest_unsent_task_seconds()
        if checks["database"]
        else None,
    }
    return JsonResponse(body, status=200 if healthy else 503)


def favicon(request):
    # Browsers ask for /favicon.ico whatever the page says; the icon is an SVG.
    return redirect(static("portal/favicon.svg"), permanent=True)


@public_page
def accessibility(request):
    return render(request, "portal/accessibility.html")


@public_page
def privacy(request):
    """The notice states the retention periods from the schedule itself."""
    rules = [{"what": rule.what, "kept_for": rule.kept_for()} for rule in schedule()]
    return render(
        request,
        "portal/privacy.html",
        {
            "retention": rules,
            "audit_kept_for": describe_days(settings.RETENTION_DAYS["audit"]),
        },
    )


@public_page
def contact(request):
    return render(request, "portal/contact.html")


@public_page
def glossary(request):
    """Every term and abbreviation the portal uses, A to Z, each with an id
    that pages link to."""
    terms = sorted(TERMS, key=lambda term: term.name.casefold())
    return render(request, "portal/glossary.html", {"terms": terms})


def csrf_failure(request, reason=""):
    """A form sent without its security token: usually cookies are blocked, or
    the page was open so long that the token changed."""
    return render(request, "403_csrf.html", status=403)


def permission_denied(request, exception):
    return render(request, "403.html", status=403)


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors' database work here: the database may be the fault.
    return render(
        request, "500.html", {"service_name": settings.SERVICE_NAME}, status=500
    )
