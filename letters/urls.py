from django.urls import path

from core.page_cache import public_page

from . import feeds, views

app_name = "letters"

urlpatterns = [
    path("letters/", views.letter_list, name="list"),
    path("letters/feed/", public_page(feeds.LatestLettersFeed()), name="feed"),
    path("letters/<slug:slug>/", views.letter_detail, name="detail"),
    path("letters/<slug:slug>/preview/", views.letter_preview, name="preview"),
    path(
        "letters/<slug:slug>/attachments/<int:pk>/",
        views.attachment_download,
        name="attachment",
    ),
    path("inspections/<slug:slug>/", views.inspection_detail, name="inspection"),
    path("areas/", views.area_list, name="areas"),
    path("areas/<slug:slug>/", views.area_detail, name="area"),
    path(
        "areas/<slug:slug>/feed/",
        public_page(feeds.AreaLettersFeed()),
        name="area-feed",
    ),
]
