"""Sign-in forms shared by the staff admin and the partner area."""

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

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
