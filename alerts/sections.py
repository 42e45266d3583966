"""Alerts' parts of other apps' pages, through slots (core.sections)."""

from urllib.parse import urlencode

from django.urls import reverse

from .topics import link_words


def follow_link(*, topic: str) -> dict | None:
    """The "Get emails about this" link for `topic` (core.follow): no query."""
    words = link_words(topic)
    if words is None:
        return None
    query = urlencode({"topic": topic}, safe=":")
    return {
        "template": "alerts/follow_link.html",
        "url": f"{reverse('alerts:subscribe')}?{query}",
        "words": words,
    }
