from django.urls import path

from core.page_cache import public_page

from . import outcome_views, views
from .feeds import ConsultationsFeed

app_name = "consultations"

urlpatterns = [
    path("consultations/", views.consultation_list, name="list"),
    path("consultations/feed/", public_page(ConsultationsFeed()), name="feed"),
    path("consultations/<slug:slug>/", views.consultation_detail, name="detail"),
    path(
        "consultations/<slug:slug>/outcome/",
        outcome_views.outcome_detail,
        name="outcome",
    ),
]
