"""The subscriber's pages: subscribe, confirm, manage, unsubscribe. None needs
an account; each link is signed (alerts.links). A GET never changes anything,
as mail scanners follow links; the button on the page does. No page shows an
address in full, or says whether an address is subscribed."""

import logging

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from core.email import mask_email
from feedback.throttle import client_fingerprint

from . import links, services
from .forms import SubscribeForm, shown_stamp
from .models import Subscriber
from .topics import topic_describe, topics_describe

logger = logging.getLogger(__name__)

# What the manage page says after a change, by the `done` in its address.
DONE = {
    "removed": "You will no longer get emails about that.",
    "frequency": "We have changed how often you get emails.",
}


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    topic = request.GET.get("topic", "")
    what = topic_describe(topic)
    if what is None:
        raise Http404("No such topic.")
    data = request.POST if request.method == "POST" else None
    form = SubscribeForm(data, initial={"shown": shown_stamp()})
    too_quick = False
    if request.method == "POST" and form.is_valid():
        if form.is_robot:
            logger.info("Alerts: subscribe form with the hidden field filled in")
        elif form.too_quick:
            too_quick = True
        else:
            services.subscription_request(
                email=form.cleaned_data["email"],
                topic=topic,
                frequency=form.cleaned_data["frequency"],
                client=client_fingerprint(request),
            )
        if not too_quick:
            masked = mask_email(services.normalise_email(form.cleaned_data["email"]))
            return render(
                request, "alerts/check_email.html", {"what": what, "masked": masked}
            )
    if too_quick:
        # A fresh stamp: the next try is a person's.
        form = SubscribeForm({**form.data.dict(), "shown": shown_stamp()}, initial={})
        form.is_valid()
    return render(
        request,
        "alerts/subscribe.html",
        {"form": form, "what": what, "topic": topic, "too_quick": too_quick},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    confirmation = links.read_confirm_token(token)
    what = confirmation and topic_describe(confirmation.topic)
    if not what:
        return render(request, "alerts/confirm_invalid.html", status=404)
    subscriber = confirmation.subscriber
    if request.method == "POST":
        services.subscriber_confirm(
            subscriber=subscriber,
            topic=confirmation.topic,
            frequency=confirmation.frequency,
        )
        return render(
            request,
            "alerts/confirmed.html",
            {
                "what": what,
                "frequency": Subscriber.Frequency(confirmation.frequency).label,
                "manage_path": links.manage_path(subscriber),
            },
        )
    return render(
        request,
        "alerts/confirm.html",
        {
            "what": what,
            "masked": mask_email(subscriber.email),
            "frequency": Subscriber.Frequency(confirmation.frequency).label,
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token):
    subscriber = links.read_manage_token(token)
    if subscriber is None:
        return render(request, "alerts/link_invalid.html", status=404)
    here = reverse("alerts:manage", kwargs={"token": token})
    if request.method == "POST":
        step = request.POST.get("step")
        if step == "remove":
            topic = request.POST.get("topic", "")
            if not services.subscription_remove(subscriber=subscriber, topic=topic):
                return render(request, "alerts/unsubscribed.html")
            return redirect(f"{here}?done=removed")
        if step == "frequency":
            frequency = request.POST.get("frequency")
            if frequency in Subscriber.Frequency.values:
                services.subscriber_set_frequency(
                    subscriber=subscriber, frequency=frequency
                )
                return redirect(f"{here}?done=frequency")
        if step == "everything":
            services.subscriber_unsubscribe(subscriber=subscriber)
            return render(request, "alerts/unsubscribed.html")
    topics = list(subscriber.subscriptions.values_list("topic", flat=True))
    described = topics_describe(topics)
    return render(
        request,
        "alerts/manage.html",
        {
            "masked": mask_email(subscriber.email),
            "confirmed": subscriber.confirmed_at is not None,
            "subscriptions": [(topic, described[topic]) for topic in topics],
            "frequency": subscriber.frequency,
            "frequencies": Subscriber.Frequency.choices,
            "done": DONE.get(request.GET.get("done", "")),
        },
    )


# Mail clients POST here with no cookie and no CSRF token (RFC 8058, one-click
# unsubscribe): the signed token in the address is the proof instead, and
# without a valid one nothing is changed.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    subscriber = links.read_unsubscribe_token(token)
    if subscriber is None:
        return render(request, "alerts/link_invalid.html", status=404)
    if request.method == "POST":
        services.subscriber_unsubscribe(subscriber=subscriber)
        return render(request, "alerts/unsubscribed.html")
    return render(
        request,
        "alerts/unsubscribe.html",
        {"masked": mask_email(subscriber.email)},
    )
