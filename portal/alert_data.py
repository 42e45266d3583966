"""The email alerts' part of subject access and erasure: a person's
subscriber row (by their address), what they follow, and deleting it all
(portal.data_requests calls these)."""

from collections.abc import Callable

from alerts.models import Subscriber
from alerts.services import normalise_email, subscriber_unsubscribe
from alerts.topics import topics_describe


def find_subscribers(*, email: str = "") -> list:
    """The subscriber with this address (one at most: addresses are stored
    in one spelling), with their topics: two queries, none without an
    address."""
    if not email:
        return []
    return list(
        Subscriber.objects.filter(email=normalise_email(email)).prefetch_related(
            "subscriptions"
        )
    )


def subscribers_as_data(subscribers: list, when: Callable) -> list[dict]:
    """What the download holds of each: the address, when it was asked for
    and confirmed, how often, and each topic in words (one query a kind of
    thing followed)."""
    topics = [
        s.topic for subscriber in subscribers for s in subscriber.subscriptions.all()
    ]
    words = topics_describe(topics)
    return [
        {
            "email": subscriber.email,
            "asked_at": when(subscriber.created_at),
            "confirmed_at": when(subscriber.confirmed_at),
            "how_often": subscriber.get_frequency_display(),
            "last_weekly_email_at": when(subscriber.last_digest_at),
            "emails_about": [
                {"topic": words[s.topic], "since": when(s.created_at)}
                for s in subscriber.subscriptions.all()
            ],
        }
        for subscriber in subscribers
    ]


def erase_subscribers(subscribers: list) -> None:
    """Unsubscribe each from everything: the address, its topics and the
    record of what it was told are deleted."""
    for subscriber in subscribers:
        subscriber_unsubscribe(subscriber=subscriber)
