"""Subscribing without an account: asking (double opt-in), confirming,
changing and stopping. Each is one transaction. There is no audit table for
subscriptions in core, so each leaves a log line naming the subscriber's
number, never the address (DataEvent is for staff's data protection work)."""

import hashlib
import logging

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from core.email import email_queue
from feedback.throttle import count_try

from . import links
from .digests import digest_send_now
from .models import Subscriber, Subscription
from .topics import topic_describe

logger = logging.getLogger(__name__)


def normalise_email(email: str) -> str:
    """One spelling per address, so the unique address is one person."""
    return email.strip().lower()


def _address_key(email: str) -> str:
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{email}".encode()).hexdigest()
    return f"alerts:address:{digest}"


def _over_limits(email: str, client: str) -> str:
    """Which limit this request goes beyond, or "". Counted in the cache by
    hashes: neither the address nor the client's address is kept."""
    if client:
        tries = count_try(
            f"alerts:client:{client}", settings.ALERTS_CLIENT_WINDOW_SECONDS
        )
        if tries > settings.ALERTS_SUBSCRIBES_PER_CLIENT:
            return "client"
    sent = count_try(_address_key(email), settings.ALERTS_ADDRESS_WINDOW_SECONDS)
    if sent > settings.ALERTS_EMAILS_PER_ADDRESS:
        return "address"
    return ""


def _email(*, subscriber: Subscriber, template: str, subject: str, context: dict):
    email_queue(
        to=subscriber.email,
        subject=subject,
        body=render_to_string(
            f"alerts/emails/{template}.txt",
            {"service_name": settings.SERVICE_NAME, **context},
        ),
        purpose=f"alerts-{template}",
        record=str(subscriber),
    )


@transaction.atomic
def subscription_request(
    *, email: str, topic: str, frequency: str, client: str = ""
) -> bool:
    """Someone asked for emails about `topic` at this address. Nothing is
    followed yet: the address gets a link that confirms this topic (also when
    it is confirmed already, so that a stranger cannot add topics to someone
    else's emails), or, when it follows the topic already, a link to manage
    them. Whatever happens the asker is told the same; returns whether an
    email was queued (False beyond a limit, or for an unknown topic)."""
    email = normalise_email(email)
    what = topic_describe(topic)
    if what is None or frequency not in Subscriber.Frequency.values:
        return False
    refused = _over_limits(email, client)
    if refused:
        logger.warning("Alerts: subscribe refused, over the %s limit", refused)
        return False
    subscriber, created = Subscriber.objects.get_or_create(email=email)
    follows = (
        subscriber.confirmed_at is not None
        and subscriber.subscriptions.filter(topic=topic).exists()
    )
    if follows:
        _email(
            subscriber=subscriber,
            template="already",
            subject=f"You already get emails from {settings.SERVICE_NAME}",
            context={"what": what, "manage_link": links.manage_url(subscriber)},
        )
    else:
        _email(
            subscriber=subscriber,
            template="confirm",
            subject="Confirm your email alerts",
            context={
                "what": what,
                "confirm_link": links.confirm_url(
                    subscriber, topic=topic, frequency=frequency
                ),
            },
        )
    logger.info(
        "Alerts: subscriber %s (%s) asked for a topic; %s email queued",
        subscriber.pk,
        "new" if created else "known",
        "an already-following" if follows else "a confirmation",
    )
    return True


@transaction.atomic
def subscriber_confirm(
    *, subscriber: Subscriber, topic: str, frequency: str
) -> Subscription:
    """The person followed a confirmation link: the address is confirmed,
    the topic followed, and emails come at the frequency they chose. Following
    the same link again changes nothing."""
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    fields = []
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = timezone.now()
        fields.append("confirmed_at")
    before = subscriber.frequency
    if subscriber.frequency != frequency:
        subscriber.frequency = frequency
        fields.append("frequency")
    if fields:
        subscriber.save(update_fields=fields)
    _frequency_moved(subscriber.pk, before, frequency)
    subscription, created = Subscription.objects.get_or_create(
        subscriber=subscriber, topic=topic
    )
    logger.info(
        "Alerts: subscriber %s confirmed %s",
        subscriber.pk,
        "a new topic" if created else "a topic it follows",
    )
    return subscription


@transaction.atomic
def subscription_remove(*, subscriber: Subscriber, topic: str) -> bool:
    """Stop one topic. Returns whether the subscriber is left with any; with
    none left, nothing more is kept about them (as unsubscribing)."""
    subscriber.subscriptions.filter(topic=topic).delete()
    logger.info("Alerts: subscriber %s removed a topic", subscriber.pk)
    if subscriber.subscriptions.exists():
        return True
    subscriber_unsubscribe(subscriber=subscriber)
    return False


@transaction.atomic
def subscriber_set_frequency(*, subscriber: Subscriber, frequency: str) -> None:
    """How often emails come. Moving from weekly to as it happens sends what
    waited for this week's digest at once, in one email."""
    if frequency not in Subscriber.Frequency.values:
        raise ValueError(f"Unknown frequency {frequency!r}")
    before = (
        Subscriber.objects.select_for_update()
        .values_list("frequency", flat=True)
        .get(pk=subscriber.pk)
    )
    Subscriber.objects.filter(pk=subscriber.pk).update(frequency=frequency)
    subscriber.frequency = frequency
    logger.info("Alerts: subscriber %s now gets emails %s", subscriber.pk, frequency)
    _frequency_moved(subscriber.pk, before, frequency)


def _frequency_moved(subscriber_id: int, before: str, after: str) -> None:
    """From weekly to as it happens: what waited for the digest goes now."""
    Frequency = Subscriber.Frequency
    if (before, after) == (Frequency.WEEKLY, Frequency.IMMEDIATELY):
        digest_send_now(subscriber_id=subscriber_id)


@transaction.atomic
def subscriber_unsubscribe(*, subscriber: Subscriber) -> None:
    """Stop everything: the address, its topics and what it was told are
    deleted, so every link already sent stops working."""
    number = subscriber.pk
    Subscriber.objects.filter(pk=number).delete()
    logger.info("Alerts: subscriber %s unsubscribed from everything", number)
