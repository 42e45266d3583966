"""Signed-in sessions: how long they last, and the second factor before any
staff or partner page."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .models import SecurityEvent
from .services import security_event_record
from .two_factor import area_of, has_authenticator

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "last_seen"
# How often the last-seen time is written: not on every request.
LAST_SEEN_EVERY = 60

# Pages a signed-in person may open before giving their second factor.
BEFORE_SECOND_FACTOR = {
    "admin:login",
    "admin:logout",
    "partners:sign-in",
    "partners:sign-out",
}


def start_session_clocks(request) -> None:
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now


def sign_in_url(request) -> str:
    page = "partners:sign-in" if area_of(request) == "partners" else "admin:login"
    return f"{reverse(page)}?{urlencode({'next': request.get_full_path()})}"


class SignedInSessionMiddleware:
    """Ends a signed-in session after STAFF_SESSION_IDLE_SECONDS without a
    request, or STAFF_SESSION_MAX_SECONDS after signing in, and sends the
    person to sign in again, to come back where they were."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            ended = self._check(request)
            if ended is not None:
                return ended
        return self.get_response(request)

    def _check(self, request):
        session = request.session
        now = time.time()
        signed_in_at = session.setdefault(SIGNED_IN_AT, now)
        last_seen = session.get(LAST_SEEN, now)
        idle = now - last_seen > settings.STAFF_SESSION_IDLE_SECONDS
        too_long = now - signed_in_at > settings.STAFF_SESSION_MAX_SECONDS
        if idle or too_long:
            user = request.user
            back = sign_in_url(request)
            logout(request)
            security_event_record(
                action=SecurityEvent.Action.SESSION_ENDED,
                user=user,
                detail="idle" if idle else "at its longest",
            )
            messages.info(
                request,
                "You were signed out because you had not done anything for "
                f"{settings.STAFF_SESSION_IDLE_SECONDS // 60} minutes"
                if idle
                else "You were signed out because you had been signed in for "
                f"{settings.STAFF_SESSION_MAX_SECONDS // 3600} hours",
            )
            return redirect(back)
        if now - last_seen >= LAST_SEEN_EVERY or LAST_SEEN not in session:
            session[LAST_SEEN] = now
        return None


class TwoFactorMiddleware:
    """Before any staff admin or partner page, a signed-in person gives their
    second factor; someone without one sets it up first. The admin site
    checks again (accounts.admin_site)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        area = area_of(request)
        if area is None or not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match.view_name in BEFORE_SECOND_FACTOR or match.namespace.endswith(
            "two-factor"
        ):
            return None
        step = "verify" if has_authenticator(user) else "set-up"
        url = reverse(f"{area}-two-factor:{step}")
        return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
