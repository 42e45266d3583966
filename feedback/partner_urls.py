"""The forum partner area, under /partners/ (see feedback/partner_views.py)."""

from django.urls import path

app_name = "partners"

urlpatterns: list = []
