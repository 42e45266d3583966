"""Atom feeds of published letters: the whole record, and one per area."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .models import AreaOfWeakness, Letter

FEED_LENGTH = 50


class LatestLettersFeed(Feed):
    feed_type = Atom1Feed
    title = "Letters about SEND in Kent"
    subtitle = "Letters, inspection letters and statements as they are published."

    def link(self):
        return reverse("letters:list")

    def letters(self):
        return Letter.objects.published().prefetch_related("senders")

    def items(self):
        return self.letters().order_by("-publish_at")[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom sends the description as type="html"; the summary is plain text.
        return escape(item.summary)

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return ", ".join(sender.name for sender in item.senders.all())

    def item_categories(self, item):
        return [item.get_kind_display()]


class AreaLettersFeed(LatestLettersFeed):
    def get_object(self, request, slug):
        return get_object_or_404(AreaOfWeakness, slug=slug)

    def title(self, area):
        return f"Letters about {area}"

    def link(self, area):
        return area.get_absolute_url()

    def items(self, area):
        return self.letters().filter(areas=area).order_by("-publish_at")[:FEED_LENGTH]
