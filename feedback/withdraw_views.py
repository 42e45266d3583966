"""Withdrawing an experience: by the reference with the withdrawal code or the
email address given, or by the signed link in the acknowledgement email."""

import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.forms import CleanCharField, mark_boxes_in_error

from . import services
from .models import Experience
from .throttle import client_fingerprint, count_try, tries_so_far

NOT_FOUND = (
    "We could not find an experience with that reference number and withdrawal "
    "code or email address"
)


class WithdrawLookupForm(forms.Form):
    """The reference, with either the withdrawal code shown on the confirmation
    page or the email address given: someone who gave no email can still take
    their experience back."""

    reference = CleanCharField(
        label="Reference number",
        help_text="It is on your confirmation page and in our email, like ACDE-2467.",
        max_length=20,
        error_messages={"required": "Enter your reference number"},
    )
    code = CleanCharField(
        label="Withdrawal code",
        help_text="It was on the page that gave you your reference number, like "
        "ACDE-FGHJ-KMNP.",
        required=False,
        max_length=40,
    )
    email = forms.EmailField(
        label="Email address, if you gave us one",
        help_text="You can enter it instead of the withdrawal code.",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like "
            "name@example.com",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.experience = None
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Field.text("reference", label_size=Size.SMALL, field_width=10),
            Field.text(
                "code",
                label_size=Size.SMALL,
                field_width=20,
                autocomplete="off",
                spellcheck="false",
            ),
            Field.text(
                "email", label_size=Size.SMALL, autocomplete="email", spellcheck="false"
            ),
        )

    def full_clean(self):
        super().full_clean()
        mark_boxes_in_error(self)

    def clean_reference(self):
        reference = re.sub(r"[^A-Z0-9]", "", self.cleaned_data["reference"].upper())
        if not reference:
            # Only hyphens or spaces: without this, clean() finds no experience
            # to look up and the view has none to withdraw.
            raise ValidationError(self.fields["reference"].error_messages["required"])
        return reference

    def clean_code(self):
        return re.sub(r"[^A-Z0-9]", "", self.cleaned_data["code"].upper())

    def clean(self):
        cleaned = super().clean()
        code, email = cleaned.get("code"), cleaned.get("email")
        if not code and not email and "email" not in self.errors:
            self.add_error(
                "code", "Enter your withdrawal code, or the email address you gave us"
            )
        return cleaned

    def find(self) -> Experience | None:
        """The experience the answers prove to be theirs, if any."""
        data = self.cleaned_data
        experience = (
            Experience.objects.active().filter(reference=data["reference"]).first()
        )
        if experience is None:
            return None
        by_code = services.withdraw_code_matches(experience, data["code"])
        by_email = bool(data["email"]) and (
            experience.contact_email.lower() == data["email"].lower()
        )
        return experience if by_code or by_email else None


def _tries_key(request) -> str:
    return f"withdraw-tries:{client_fingerprint(request)}"


def _too_many_withdraw_tries(request) -> bool:
    return tries_so_far(_tries_key(request)) >= settings.WITHDRAW_ATTEMPT_LIMIT


def _count_withdraw_try(request) -> None:
    count_try(_tries_key(request), settings.WITHDRAW_ATTEMPT_WINDOW_SECONDS)


@never_cache
@require_http_methods(["GET", "POST"])
def withdraw_lookup(request):
    form = WithdrawLookupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # Each wrong guess counts; past the limit, no more are checked for a
        # while, right or wrong, so a reference's code cannot be guessed.
        if _too_many_withdraw_tries(request):
            return render(request, "feedback/withdraw_too_many.html", status=429)
        experience = form.find()
        if experience is not None:
            token = services.withdraw_token(experience)
            return redirect("feedback:withdraw-link", token=token)
        _count_withdraw_try(request)
        form.add_error(None, NOT_FOUND)
    return render(request, "feedback/withdraw_lookup.html", {"form": form})


@never_cache
@require_http_methods(["GET", "POST"])
def withdraw_link(request, token):
    reference = services.reference_from_withdraw_token(token)
    experience = (
        Experience.objects.filter(reference=reference).first() if reference else None
    )
    if experience is None:
        return render(request, "feedback/withdraw_invalid.html", status=404)
    withdrawn = experience.status == Experience.Status.WITHDRAWN
    if request.method == "POST" and not withdrawn:
        services.experience_withdraw(experience=experience)
        withdrawn = True
    template = "withdraw_done" if withdrawn else "withdraw_confirm"
    return render(request, f"feedback/{template}.html", {"experience": experience})
