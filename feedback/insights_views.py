"""The staff insights page and its CSV export, inside the admin (staff
sign-in via admin_view in insights_urls.py; permissions checked here)."""

from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from core.charts import bar_chart

from .export import experience_export, may_see_contact_details
from .filters import insights_filter
from .insights import (
    counts_by_area,
    counts_by_district,
    counts_by_month,
    counts_by_setting,
    counts_by_theme,
    totals,
)
from .models import District


def _require(user, permission: str) -> None:
    if not user.has_perm(permission):
        raise PermissionDenied(f"Needs the {permission} permission.")


def _section(key, column, rows, note="", heading=None):
    return {
        "id": key,
        "heading": heading or f"By {column.lower()}",
        "column": column,
        "note": note,
        "rows": rows,
        "chart": bar_chart(
            id=f"chart-{key}", title=f"Experiences by {column.lower()}", rows=rows
        ),
    }


def _sections(experiences, counted):
    several = (
        "An experience can name more than one {}, so these add up to more than {:,}."
    )
    return [
        _section(
            "area",
            "Area of weakness",
            counts_by_area(experiences, without_area=counted["without_area"]),
            several.format("area", counted["total"]),
        ),
        _section(
            "theme",
            "Theme",
            counts_by_theme(experiences, without_theme=counted["without_theme"]),
            several.format("theme", counted["total"]),
        ),
        _section(
            "district",
            "District",
            counts_by_district(experiences, list(District.objects.all())),
        ),
        _section("setting", "Setting", counts_by_setting(experiences)),
        _section(
            "month",
            "Month",
            counts_by_month(experiences),
            "UK time. Months with none are shown as 0.",
            heading="By month of submission",
        ),
    ]


def index(request):
    _require(request.user, "feedback.view_insights")
    filterset = insights_filter(request.GET)
    context = {
        **admin.site.each_context(request),
        "title": "Insights",
        "form": filterset.form,
        "sections": [],
    }
    if filterset.is_valid():
        experiences = filterset.qs
        counted = totals(experiences)
        filters = filterset.as_text()
        context.update(
            counted=counted,
            filtered=bool(filters),
            sections=_sections(experiences, counted),
        )
        if request.user.has_perm("feedback.export_experiences"):
            query = urlencode(filters)
            context["export_url"] = reverse("insights:export") + (
                f"?{query}" if query else ""
            )
            context["export_has_contact"] = may_see_contact_details(request.user)
    return render(request, "admin/insights/index.html", context)


def export(request):
    _require(request.user, "feedback.export_experiences")
    filterset = insights_filter(request.GET)
    if not filterset.is_valid():
        # The insights page shows what is wrong with the filters.
        return redirect(reverse("insights:index") + "?" + request.GET.urlencode())
    _event, lines = experience_export(
        actor=request.user,
        experiences=filterset.qs,
        filters=filterset.as_text(),
    )
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    filename = f"experiences-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
