"""Withdrawing a consultation response: by its reference with the
withdrawal code or the email address given, or by the signed link in the
acknowledgement email. The same lookup, and the same limit on wrong
guesses, as withdrawing an experience."""

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from feedback.services import withdraw_code_matches
from feedback.withdraw_views import (
    WithdrawLookupForm,
    _count_withdraw_try,
    _too_many_withdraw_tries,
)

from .models import ConsultationResponse
from .services.responses import (
    reference_from_withdraw_token,
    response_withdraw,
    withdraw_token,
)

NOT_FOUND = (
    "We could not find answers with that reference number and withdrawal code "
    "or email address"
)


class ResponseLookupForm(WithdrawLookupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "reference"
        ].help_text = (
            "It is on your confirmation page and in our email, like C-ACDE2467."
        )

    def clean_reference(self):
        reference = super().clean_reference()
        # "C-" marks a consultation's reference; it is not stored.
        return (
            reference[1:] if len(reference) == 9 and reference[0] == "C" else reference
        )

    def find(self) -> ConsultationResponse | None:
        data = self.cleaned_data
        response = ConsultationResponse.objects.filter(
            reference=data["reference"], status=ConsultationResponse.Status.RECEIVED
        ).first()
        if response is None:
            return None
        by_code = withdraw_code_matches(response, data["code"])
        by_email = bool(data["email"]) and (
            response.contact_email.lower() == data["email"].lower()
        )
        return response if by_code or by_email else None


@never_cache
@require_http_methods(["GET", "POST"])
def lookup(request):
    form = ResponseLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _too_many_withdraw_tries(request):
            return render(request, "feedback/withdraw_too_many.html", status=429)
        response = form.find()
        if response is not None:
            return redirect(
                "consultations:withdraw-link", token=withdraw_token(response)
            )
        _count_withdraw_try(request)
        form.add_error(None, NOT_FOUND)
    return render(request, "consultations/withdraw/lookup.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def by_link(request, token):
    reference = reference_from_withdraw_token(token)
    response = (
        ConsultationResponse.objects.select_related("consultation")
        .filter(reference=reference)
        .first()
        if reference
        else None
    )
    if response is None:
        return render(request, "consultations/withdraw/invalid.html", status=404)
    withdrawn = response.status == ConsultationResponse.Status.WITHDRAWN
    if request.method == "POST" and not withdrawn:
        response_withdraw(response=response)
        withdrawn = True
    template = "done" if withdrawn else "confirm"
    return render(
        request, f"consultations/withdraw/{template}.html", {"response": response}
    )
