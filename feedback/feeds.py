"""Atom feed of published "You said, we did" responses."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .models import Response

FEED_LENGTH = 50


class ResponsesFeed(Feed):
    feed_type = Atom1Feed
    title = "You said, we did: responses about SEND in Kent"
    subtitle = (
        "What the council and the NHS heard from families, and what they are doing."
    )

    def link(self):
        return reverse("feedback:responses")

    def items(self):
        return (
            Response.objects.published()
            .select_related("forum")
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom sends the description as type="html"; what we heard is plain text.
        return escape(item.heard)

    def item_pubdate(self, item):
        return item.published_at
