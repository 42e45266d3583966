"""Atom feed of published "You said, we did" responses."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.html import escape

from core.feeds import SiteFeed, names_in_words
from core.site import absolute_url

from .models import Response, SignOff

FEED_LENGTH = 50


class ResponsesFeed(SiteFeed):
    title = "You said, we did: responses about SEND in Kent"
    subtitle = (
        "What the council and the NHS heard from families, and what they are doing."
    )

    def link(self):
        return absolute_url(reverse("feedback:responses"))

    def feed_url(self):
        return absolute_url(reverse("feedback:responses-feed"))

    def items(self):
        co_signed = SignOff.objects.filter(
            response=OuterRef("pk"),
            forum=OuterRef("forum"),
            decision=SignOff.Decision.CO_SIGNED,
        )
        return (
            Response.objects.published()
            .select_related("forum")
            .prefetch_related("signing_organisations")
            .annotate(forum_co_signed=Exists(co_signed))
            .order_by("-published_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom sends the description as type="html"; what we heard is plain text.
        return escape(item.heard)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        # A published response is not edited: it is as it was published.
        return item.published_at

    def item_author_name(self, item):
        """Those who signed it, as its page says."""
        signers = [
            organisation.name for organisation in item.signing_organisations.all()
        ]
        if item.forum_co_signed:
            signers.append(item.forum.name)
        return names_in_words(signers) or super().item_author_name(item)
