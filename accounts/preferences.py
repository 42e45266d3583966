""" "Emails you get", in the staff admin (/admin/emails/): the nudges a
person's roles bring (accounts.nudges), each switched on or off by them.
The partner area has the same page in its own style
(feedback.partner_views.emails); both save through
`notification_preferences_save`."""

from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .forms import EmailChoicesForm
from .services import notification_preferences_save

SAVED = "Your email choices have been saved"


def submit(request) -> EmailChoicesForm | None:
    """The form, bound on a POST; None once the choices are saved."""
    form = EmailChoicesForm(
        request.POST if request.method == "POST" else None, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        notification_preferences_save(
            user=request.user, wanted=form.cleaned_data["wanted"]
        )
        messages.success(request, SAVED)
        return None
    return form


@require_http_methods(["GET", "POST"])
def staff_emails(request):
    """For any signed-in member of staff (admin_view checks that)."""
    form = submit(request)
    if form is None:
        return redirect("staff-emails:index")
    return render(
        request,
        "admin/accounts/emails.html",
        {
            **admin.site.each_context(request),
            "title": "Emails you get",
            "form": form,
            "nothing_offered": not form.kinds,
        },
    )
