"""Atom feed of public consultations: each as it is released, updated as it
changes (its state follows the clock, so a reader's feed says when to look)."""

from django.urls import reverse
from django.utils.html import escape

from core.feeds import SiteFeed, names_in_words
from core.site import absolute_url

from .models import Consultation

FEED_LENGTH = 50


class ConsultationsFeed(SiteFeed):
    title = "Consultations about SEND in Kent"
    subtitle = "What the council and the NHS are asking families, and when."

    def link(self):
        return absolute_url(reverse("consultations:list"))

    def feed_url(self):
        return absolute_url(reverse("consultations:feed"))

    def items(self):
        return (
            Consultation.objects.public()
            .prefetch_related("organisations")
            .order_by("-opens_at", "-pk")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom sends the description as type="html"; the summary is plain text.
        return escape(item.summary)

    def item_pubdate(self, item):
        return item.opens_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return names_in_words(
            [organisation.name for organisation in item.organisations.all()]
        )
