"""The sitemap every app's sitemaps build on."""

from django.contrib import sitemaps

from .site import site_scheme_and_host


class Sitemap(sitemaps.Sitemap):
    """Each <loc> at SITE_URL. Django's own would take the scheme and host of
    the request, so a request naming another host would list that host."""

    def get_protocol(self, protocol=None):
        return site_scheme_and_host()[0]

    def get_domain(self, site=None):
        return site_scheme_and_host()[1]
