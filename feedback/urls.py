from django.urls import path

from core.page_cache import public_page

from . import public_views, views, withdraw_views
from .feeds import ResponsesFeed

app_name = "feedback"

urlpatterns = [
    path("share/", views.start, name="start"),
    path("share/check-your-answers/", views.check, name="check"),
    path("share/confirmation/", views.confirmation, name="confirmation"),
    path("share/session-expired/", views.expired, name="expired"),
    path("share/withdraw/", withdraw_views.withdraw_lookup, name="withdraw"),
    path(
        "share/withdraw/<str:token>/",
        withdraw_views.withdraw_link,
        name="withdraw-link",
    ),
    path("share/<slug:step>/", views.step, name="step"),
    path("experiences/", public_views.experience_list, name="experiences"),
    path("you-said-we-did/", public_views.response_list, name="responses"),
    path("you-said-we-did/feed/", public_page(ResponsesFeed()), name="responses-feed"),
    path(
        "you-said-we-did/<int:year>/",
        public_views.response_year,
        name="responses-year",
    ),
    path("you-said-we-did/<slug:slug>/", public_views.response_detail, name="response"),
]
