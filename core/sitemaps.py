"""The sitemap every app's sitemaps build on, and the index that lists them.

`/sitemap.xml` is an index with one entry per kind of page (and per 50,000
addresses of a long kind); each kind is its own sitemap, so no request
renders every address of the site at once.
"""

from django.contrib import sitemaps
from django.contrib.sitemaps.views import SitemapIndexItem
from django.template.response import TemplateResponse
from django.urls import reverse

from .site import absolute_url, site_scheme_and_host

SECTION_URL_NAME = "sitemap-section"


class Sitemap(sitemaps.Sitemap):
    """Each <loc> at SITE_URL. Django's own would take the scheme and host of
    the request, so a request naming another host would list that host."""

    def get_protocol(self, protocol=None):
        return site_scheme_and_host()[0]

    def get_domain(self, site=None):
        return site_scheme_and_host()[1]


def index(request, sitemaps: dict):
    """The sitemap index, each entry at SITE_URL (Django's own index takes the
    host from the request). No lastmod: finding it would read every row."""
    entries = []
    for section, kind in sitemaps.items():
        location = absolute_url(reverse(SECTION_URL_NAME, kwargs={"section": section}))
        pages = kind().paginator.num_pages
        entries.append(SitemapIndexItem(location, None))
        entries.extend(
            SitemapIndexItem(f"{location}?p={page}", None)
            for page in range(2, pages + 1)
        )
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml",
    )
