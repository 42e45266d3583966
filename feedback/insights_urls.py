"""Staff insights and export, under /admin/insights/ (feedback/insights.py)."""

from django.urls import path

app_name = "insights"

urlpatterns: list = []
