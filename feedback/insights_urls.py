"""Staff insights and export, under /admin/insights/ (feedback/insights.py).

Each view goes through admin_view: staff sign-in, no caching and CSRF
protection; the views check the permissions themselves."""

from django.contrib import admin
from django.urls import path

from . import insights_views

app_name = "insights"

urlpatterns = [
    path("", admin.site.admin_view(insights_views.index), name="index"),
    path("export/", admin.site.admin_view(insights_views.export), name="export"),
    path(
        "exports/<int:pk>/",
        admin.site.admin_view(insights_views.export_detail),
        name="export-detail",
    ),
    path(
        "exports/<int:pk>/download/",
        admin.site.admin_view(insights_views.export_download),
        name="export-download",
    ),
]
