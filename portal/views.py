"""Site pages: home, search, the required public-sector pages and machine pages."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.retention import describe_days, schedule
from letters.models import AreaOfWeakness, Letter
from letters.views import latest_judgements

from .search import (
    RESULTS_LIMIT,
    clean_query,
    search_areas,
    search_experiences,
    search_letters,
    search_responses,
)

HOME_LETTERS = 5


def home(request):
    letters = Letter.objects.published().for_listing()[:HOME_LETTERS]
    areas = AreaOfWeakness.objects.select_related("inspection").prefetch_related(
        latest_judgements()
    )
    return render(request, "portal/home.html", {"letters": letters, "areas": areas})


def search(request):
    raw = request.GET.get("q", "")
    query = clean_query(raw)
    letters = areas = experiences = responses = []
    if query:
        letters = list(search_letters(query))
        areas = list(search_areas(query))
        experiences = list(search_experiences(query))
        responses = list(search_responses(query))
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
            "result_count": len(letters)
            + len(areas)
            + len(experiences)
            + len(responses),
            "letters_capped": len(letters) >= RESULTS_LIMIT,
        },
    )


@require_GET
def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /letters/*/preview/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def favicon(request):
    # Browsers ask for /favicon.ico whatever the page says; the icon is an SVG.
    return redirect(static("portal/favicon.svg"), permanent=True)


def accessibility(request):
    return render(request, "portal/accessibility.html")


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


def contact(request):
    return render(request, "portal/contact.html")


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
