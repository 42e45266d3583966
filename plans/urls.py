from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("progress/", views.progress_index, name="index"),
    path("progress/<slug:plan_slug>/<int:pk>/", views.action_detail, name="action"),
    path(
        "progress/<slug:plan_slug>/<int:pk>/evidence/<int:evidence_pk>/",
        views.evidence_download,
        name="evidence",
    ),
]
