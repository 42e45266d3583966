"""The forum partner area, under /partners/ (see feedback/partner_views.py)."""

from django.urls import path

from . import partner_views as views

app_name = "partners"

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.SignInView.as_view(), name="sign-in"),
    path("sign-out/", views.SignOutView.as_view(), name="sign-out"),
    path("experiences/", views.experience_list, name="experiences"),
    path("emails/", views.emails, name="emails"),
    path("notes/", views.note_list, name="notes"),
    path("notes/new/", views.note_new, name="note-new"),
    path("responses/", views.response_list, name="responses"),
    path("responses/<int:pk>/", views.response_detail, name="response"),
    path(
        "responses/<int:pk>/answered/",
        views.response_answered,
        name="response-answered",
    ),
]
