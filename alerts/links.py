"""The signed links in alerts' emails: confirm a topic, manage everything,
unsubscribe in one click. Each carries the subscriber's number and `key`;
changing the key (or deleting the subscriber) stops every link already sent.
No account, no password: the link is the proof of the address.

`unsubscribe_headers` and `manage_url` are for every email alerts send."""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from .models import Subscriber
from .topics import topic_parts

CONFIRM_SALT = "alerts.confirm"
MANAGE_SALT = "alerts.manage"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"
CONFIRM_SECONDS = 7 * 24 * 3600


@dataclass(frozen=True)
class Confirmation:
    """What a confirmation link asks for: this topic, at this frequency."""

    subscriber: Subscriber
    topic: str
    frequency: str


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def confirm_token(subscriber: Subscriber, *, topic: str, frequency: str) -> str:
    return signing.dumps(
        {
            "s": subscriber.pk,
            "k": subscriber.key,
            "t": topic,
            "f": frequency,
            # When it was made, by the clock the rest of the site reads.
            "at": int(timezone.now().timestamp()),
        },
        salt=CONFIRM_SALT,
    )


def _token(subscriber: Subscriber, salt: str) -> str:
    return signing.dumps({"s": subscriber.pk, "k": subscriber.key}, salt=salt)


def confirm_url(subscriber: Subscriber, *, topic: str, frequency: str) -> str:
    token = confirm_token(subscriber, topic=topic, frequency=frequency)
    return _absolute(reverse("alerts:confirm", kwargs={"token": token}))


def manage_path(subscriber: Subscriber) -> str:
    token = _token(subscriber, MANAGE_SALT)
    return reverse("alerts:manage", kwargs={"token": token})


def manage_url(subscriber: Subscriber) -> str:
    """The page where the person sees and changes all their subscriptions."""
    return _absolute(manage_path(subscriber))


def unsubscribe_url(subscriber: Subscriber) -> str:
    token = _token(subscriber, UNSUBSCRIBE_SALT)
    return _absolute(reverse("alerts:unsubscribe", kwargs={"token": token}))


def unsubscribe_headers(subscriber: Subscriber) -> dict[str, str]:
    """The headers for one-click unsubscribe (RFC 8058): a mail client POSTs
    "List-Unsubscribe=One-Click" to the link, with no session or cookie."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(subscriber)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def _load(token: str, salt: str) -> dict | None:
    if not isinstance(token, str) or len(token) > 500:
        return None
    try:
        data = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    return data if isinstance(data, dict) else None


def _subscriber(data: dict | None) -> Subscriber | None:
    if data is None or not isinstance(data.get("s"), int):
        return None
    subscriber = Subscriber.objects.filter(pk=data["s"]).first()
    if subscriber is None or subscriber.key != data.get("k"):
        return None
    return subscriber


def read_confirm_token(token: str) -> Confirmation | None:
    """What a confirmation link asks for, while it is under 7 days old and
    its subscriber's key is unchanged; otherwise None. One query."""
    data = _load(token, CONFIRM_SALT)
    made = data.get("at") if data else None
    if not isinstance(made, int):
        return None
    if timezone.now().timestamp() - made > CONFIRM_SECONDS:
        return None
    subscriber = _subscriber(data)
    if subscriber is None:
        return None
    topic, frequency = data.get("t"), data.get("f")
    if topic_parts(topic) is None or frequency not in Subscriber.Frequency.values:
        return None
    return Confirmation(subscriber=subscriber, topic=topic, frequency=frequency)


def read_manage_token(token: str) -> Subscriber | None:
    return _subscriber(_load(token, MANAGE_SALT))


def read_unsubscribe_token(token: str) -> Subscriber | None:
    return _subscriber(_load(token, UNSUBSCRIBE_SALT))
