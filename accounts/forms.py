"""Forms shared by the staff admin and the partner area: signing in, and
the emails a person gets."""

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from .nudges import kinds_for, switched_off

TOO_MANY = (
    "You have tried to sign in too many times. Wait {minutes} minutes, then try again"
)


class LockoutMessageMixin:
    """Says so, in words, when django-axes refuses a sign-in because of
    repeated failures (the lockout itself is axes': see settings). Mix into
    an AuthenticationForm, before it."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            if getattr(self.request, "axes_locked_out", False):
                minutes = max(1, settings.SIGN_IN_LOCK_SECONDS // 60)
                raise ValidationError(
                    TOO_MANY.format(minutes=minutes), code="throttled"
                ) from None
            raise


class StaffSignInForm(LockoutMessageMixin, AdminAuthenticationForm):
    """The staff admin's sign-in, with the lockout in words."""


class EmailChoicesForm(forms.Form):
    """ "Emails you get": the nudges a person's roles bring, each ticked while
    they want it (accounts.nudges). Anything not offered is ignored."""

    wanted = forms.MultipleChoiceField(
        label="Which emails do you want?",
        help_text="Select all that apply. Untick an email to stop it.",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Select only the emails listed",
            "invalid_list": "Select only the emails listed",
        },
    )

    def __init__(self, *args, user, **kwargs):
        self.kinds = kinds_for(user)
        off = switched_off(user)
        kwargs.setdefault(
            "initial", {"wanted": [k.key for k in self.kinds if k.key not in off]}
        )
        super().__init__(*args, **kwargs)
        self.fields["wanted"].choices = [(k.key, k.label) for k in self.kinds]

    def choices(self) -> list[tuple]:
        """Each choice's box with its kind's hint, to draw them together."""
        return list(zip(self["wanted"], self.kinds, strict=True))
