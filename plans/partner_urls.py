"""The tracker's part of the forum partner area, under /partners/actions/
(see plans/partner_views.py)."""

from django.urls import path

from . import partner_views as views

app_name = "partner-actions"

urlpatterns = [
    path("", views.done_action_list, name="list"),
    path("<int:pk>/", views.done_action_detail, name="action"),
]
