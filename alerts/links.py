"""The signed links every alert email carries: manage all subscriptions, and
unsubscribe in one click (RFC 8058). Each carries the subscriber's number and
`key`, so changing the key stops every link already sent.

Written for the sending side; the subscriber's side (its pages, and the
reading of these tokens) keeps the same names, salts and addresses."""

from django.conf import settings
from django.core import signing

from .models import Subscriber

MANAGE_SALT = "alerts.manage"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"


def _token(subscriber: Subscriber, salt: str) -> str:
    return signing.dumps({"s": subscriber.pk, "k": subscriber.key}, salt=salt)


def manage_url(subscriber: Subscriber) -> str:
    """The page where the person sees and changes all their subscriptions."""
    token = _token(subscriber, MANAGE_SALT)
    return f"{settings.SITE_URL.rstrip('/')}/alerts/manage/{token}/"


def unsubscribe_url(subscriber: Subscriber) -> str:
    token = _token(subscriber, UNSUBSCRIBE_SALT)
    return f"{settings.SITE_URL.rstrip('/')}/alerts/unsubscribe/{token}/"


def unsubscribe_headers(subscriber: Subscriber) -> dict[str, str]:
    """One-click unsubscribe: a mail client POSTs "List-Unsubscribe=One-Click"
    to the link, with no session or cookie."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscriber)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
