from django.urls import path

from core.page_cache import public_page

from . import journey_views, views, withdraw_views
from .feeds import ConsultationsFeed

app_name = "consultations"

respond = "consultations/<slug:slug>/respond/"

urlpatterns = [
    path("consultations/", views.consultation_list, name="list"),
    path("consultations/feed/", public_page(ConsultationsFeed()), name="feed"),
    path("consultations/withdraw/", withdraw_views.lookup, name="withdraw"),
    path(
        "consultations/withdraw/<str:token>/",
        withdraw_views.by_link,
        name="withdraw-link",
    ),
    path("consultations/<slug:slug>/", views.consultation_detail, name="detail"),
    path(respond, journey_views.respond_start, name="respond"),
    path(f"{respond}check/", journey_views.respond_check, name="respond-check"),
    path(f"{respond}sent/", journey_views.respond_sent, name="respond-sent"),
    path(f"{respond}closed/", journey_views.respond_closed, name="respond-closed"),
    path(f"{respond}expired/", journey_views.respond_expired, name="respond-expired"),
    path(f"{respond}<str:page>/", journey_views.respond_page, name="respond-page"),
]
