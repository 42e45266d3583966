"""The Atom feed every app's feeds build on.

RFC 4287 asks for an id, a title and an updated time on the feed and on each
entry, and an author on each entry (or on the feed). Subclasses give `link`
and `feed_url` as absolute addresses (`absolute_url`), `item_updateddate`,
and `item_author_name` when an entry has authors of its own.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from .site import absolute_url


def names_in_words(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C': an entry's authors in one name element."""
    if len(names) < 2:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


class SiteFeed(Feed):
    """Ids and links at SITE_URL (Django's own take the request's host for a
    relative link), and the service as the author of the feed and of any
    entry that names no one else."""

    feed_type = Atom1Feed

    def author_name(self):
        return settings.SERVICE_NAME

    def author_link(self):
        return absolute_url("/")

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_author_name(self, item):
        return settings.SERVICE_NAME
