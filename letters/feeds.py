"""Atom feeds of the letters on the record: the whole record, and one per area.

A withdrawn letter stays in the feeds: its withdrawal is an update to its
entry, saying when and why."""

from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaks_filter as paragraphs
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html

from core.feeds import SiteFeed, names_in_words
from core.site import absolute_url

from .models import AreaOfWeakness, Letter
from .selectors import with_last_public_change

FEED_LENGTH = 50


def _on(moment) -> str:
    return format_date(timezone.localtime(moment), "j F Y")


class LatestLettersFeed(SiteFeed):
    title = "Letters about SEND in Kent"
    subtitle = "Letters, inspection letters and statements as they are published."

    def link(self):
        return absolute_url(reverse("letters:list"))

    def feed_url(self):
        return absolute_url(reverse("letters:feed"))

    def letters(self):
        """Latest change first, so a correction or a withdrawal is seen even
        when newer letters fill the feed."""
        return with_last_public_change(
            Letter.objects.on_record().prefetch_related("senders")
        ).order_by("-changed_at", "-publish_at", "-pk")

    def items(self):
        return self.letters()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom sends the description as type="html": each text is escaped once,
        # as `|linebreaks` escapes it on the letter's page.
        summary = paragraphs(item.summary, autoescape=True)
        if item.is_withdrawn:
            return format_html(
                "<p>This letter was withdrawn on {}.</p>{}{}",
                _on(item.withdrawn_at),
                paragraphs(item.withdrawn_reason, autoescape=True),
                summary,
            )
        if item.last_change_note is not None:
            return format_html(
                "<p>Updated on {}: {}</p>{}",
                _on(item.last_change_note_at),
                item.last_change_note,
                summary,
            )
        return summary

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.changed_at

    def item_author_name(self, item):
        senders = [sender.name for sender in item.senders.all()]
        return names_in_words(senders) or super().item_author_name(item)

    def item_categories(self, item):
        categories = [item.get_kind_display()]
        if item.is_withdrawn:
            categories.append(item.get_status_display())
        return categories


class AreaLettersFeed(LatestLettersFeed):
    def get_object(self, request, slug):
        return get_object_or_404(AreaOfWeakness, slug=slug)

    def title(self, area):
        return f"Letters about {area}"

    def link(self, area):
        return absolute_url(area.get_absolute_url())

    def feed_url(self, area):
        return absolute_url(reverse("letters:area-feed", kwargs={"slug": area.slug}))

    def items(self, area):
        return self.letters().filter(areas=area)[:FEED_LENGTH]
