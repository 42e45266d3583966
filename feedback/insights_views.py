"""The staff insights page and its CSV export, inside the admin (staff
sign-in via admin_view in insights_urls.py; permissions checked here)."""

import uuid
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from core.charts import bar_chart
from core.retention import days

from . import services
from .export import may_see_contact_details
from .filters import filters_in_words, insights_filter
from .insights import (
    counts_by_area,
    counts_by_district,
    counts_by_month,
    counts_by_setting,
    counts_by_theme,
    totals,
)
from .models import District, ExportFile
from .services.exports import EXPORT_PERMISSION

# The analyst's own latest exports, listed under the export button.
RECENT_EXPORTS = 5


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
        if request.user.has_perm(EXPORT_PERMISSION):
            query = urlencode(filters)
            context["export_url"] = reverse("insights:export") + (
                f"?{query}" if query else ""
            )
            context["export_key"] = uuid.uuid4()
            context["export_days"] = days("exports")
            context["export_has_contact"] = may_see_contact_details(request.user)
            context["exports"] = ExportFile.objects.filter(requested_by=request.user)[
                :RECENT_EXPORTS
            ]
    return render(request, "admin/insights/index.html", context)


def export(request):
    """Ask for the filtered experiences as a spreadsheet (a POST from the
    insights page); the worker prepares it and its page says when it is
    ready."""
    _require(request.user, EXPORT_PERMISSION)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    filterset = insights_filter(request.GET)
    if not filterset.is_valid():
        # The insights page shows what is wrong with the filters.
        return redirect(reverse("insights:index") + "?" + request.GET.urlencode())
    export = services.export_request(
        actor=request.user,
        filters=filterset.as_text(),
        request_key=_request_key(request.POST.get("request_key")),
    )
    return redirect(export)


def _request_key(value) -> uuid.UUID:
    """The form's key, or a new one for a key that is missing or mangled."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return uuid.uuid4()


def _own_export(request, pk) -> ExportFile:
    _require(request.user, EXPORT_PERMISSION)
    return get_object_or_404(ExportFile, pk=pk, requested_by=request.user)


def export_detail(request, pk):
    export = _own_export(request, pk)
    return render(
        request,
        "admin/insights/export_detail.html",
        {
            **admin.site.each_context(request),
            "title": f"Spreadsheet export {export.pk}",
            "export": export,
            "filters": filters_in_words(export.filters),
            "may_download": services.may_download(export, request.user),
            "deleted_on": export.requested_at + timedelta(days=days("exports")),
        },
    )


def export_download(request, pk):
    export = _own_export(request, pk)
    if export.status != ExportFile.Status.READY:
        return redirect(export)
    opened = services.export_download(export=export, actor=request.user)
    return FileResponse(
        opened,
        as_attachment=True,
        filename=export.filename,
        content_type="text/csv; charset=utf-8",
    )
