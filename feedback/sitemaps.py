"""Sitemaps for the parents' voice: published responses and each year's page.
Experiences have no page of their own: /experiences/ is in the page sitemap."""

from django.urls import reverse

from core.sitemaps import Sitemap

from .models import Response


class ResponseSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Response.objects.published()
            .only("pk", "slug", "published_at")
            .order_by("-published_at", "pk")
        )

    def lastmod(self, item):
        return item.published_at


class ResponseYearSitemap(Sitemap):
    """The yearly publication (regulation 56): one page per year with a
    published response."""

    changefreq = "monthly"

    def items(self):
        return [
            moment.year
            for moment in Response.objects.published().datetimes(
                "published_at", "year", order="DESC"
            )
        ]

    def location(self, item):
        return reverse("feedback:responses-year", kwargs={"year": item})
