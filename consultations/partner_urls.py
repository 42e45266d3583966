"""The consultations' part of the partner area, under /partners/consultations/
(see consultations/partner_views.py)."""

from django.urls import path

from . import partner_views as views

app_name = "partner-consultations"

urlpatterns = [
    path("", views.consultation_list, name="list"),
    path("<int:pk>/", views.consultation_detail, name="consultation"),
    path("outcomes/<int:pk>/", views.outcome_detail, name="outcome"),
]
