"""Sign-in forms shared by the staff admin and the partner area."""

import hashlib

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError

TOO_MANY = (
    "You have tried to sign in too many times. Wait {minutes} minutes, then try again"
)


def _key(kind: str, value: str) -> str:
    # Hashed with the secret key: the cache never holds a username or address.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()
    return f"sign-in:{kind}:{digest}"


class ThrottledSignInMixin:
    """Counts failed sign-ins per username and per address; after
    SIGN_IN_ATTEMPTS failures for a username (SIGN_IN_ATTEMPTS_PER_ADDRESS for
    an address) within SIGN_IN_LOCK_SECONDS, refuses further tries, right or
    wrong, until the window has passed. Mix into an AuthenticationForm, before
    it."""

    def _limits(self) -> dict[str, int]:
        username = (self.data.get("username") or "").strip().lower()
        address = self.request.META.get("REMOTE_ADDR", "") if self.request else ""
        return {
            _key("user", username): settings.SIGN_IN_ATTEMPTS,
            _key("address", address): settings.SIGN_IN_ATTEMPTS_PER_ADDRESS,
        }

    def clean(self):
        limits = self._limits()
        window = settings.SIGN_IN_LOCK_SECONDS
        if any(cache.get(key, 0) >= limit for key, limit in limits.items()):
            raise ValidationError(
                TOO_MANY.format(minutes=max(1, window // 60)), code="throttled"
            )
        try:
            return super().clean()
        except ValidationError:
            for key in limits:
                cache.add(key, 0, timeout=window)
                try:
                    cache.incr(key)
                except ValueError:  # expired between add and incr
                    cache.set(key, 1, timeout=window)
            raise


class StaffSignInForm(ThrottledSignInMixin, AdminAuthenticationForm):
    """The staff admin's sign-in, throttled."""
