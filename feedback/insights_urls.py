"""Staff insights and export, under /admin/insights/ (feedback/insights.py).

Each view goes through admin_view: staff sign-in, no caching and CSRF
protection; the views check the permissions themselves."""

from django.contrib import admin
from django.urls import path

from . import insights_views

app_name = "insights"

urlpatterns = [
    path("", admin.site.admin_view(insights_views.index), name="index"),
    path("export.csv", admin.site.admin_view(insights_views.export), name="export"),
]
