"""Sign-in: what django-axes needs from the portal, and the security events
a sign-in leaves in the audit trail.

Nothing here writes a username someone typed unless it names an account
(people type passwords into the username box), and nothing personal goes to
the log.
"""

from django.contrib.auth import get_user_model

from .models import SecurityEvent
from .services import security_event_record

LOCKED_OUT_STATUS = 429


def username_from_request(request, credentials) -> str:
    """The username as axes counts it: any case, no spaces around it."""
    username = (credentials or {}).get("username")
    if username is None and request is not None:
        username = request.POST.get("username", "")
    return (username or "").strip().lower()


def client_description(username, ip_address, user_agent, path_info, request) -> str:
    # Axes logs this on every failure: keep names and addresses out of logs.
    return "a sign-in client"


def locked_out_response(request, original_response=None, credentials=None):
    """The sign-in page as the form drew it (with "You have tried to sign in
    too many times"), answered with 429 Too Many Requests."""
    if original_response is None:
        from django.http import HttpResponse

        return HttpResponse("Too many sign-in attempts.", status=LOCKED_OUT_STATUS)
    original_response.status_code = LOCKED_OUT_STATUS
    return original_response


def account_named(username: str):
    if not username:
        return None
    return get_user_model().objects.filter(username__iexact=username.strip()).first()


def record_failed_sign_in(sender, credentials, request=None, **kwargs):
    user = account_named((credentials or {}).get("username", ""))
    security_event_record(
        action=SecurityEvent.Action.SIGN_IN_FAILED,
        user=user,
        detail="" if user else "A username that names no account",
    )


def record_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    security_event_record(
        action=SecurityEvent.Action.LOCKED_OUT, user=account_named(username or "")
    )


def record_sign_in(sender, request, user, **kwargs):
    """Audit the sign-in and start the session's clocks (idle and in all)."""
    from .middleware import start_session_clocks

    start_session_clocks(request)
    security_event_record(action=SecurityEvent.Action.SIGNED_IN, user=user, actor=user)
