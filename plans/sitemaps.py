"""Sitemap of the tracker's action pages (/progress/ itself is in the page
sitemap)."""

from core.sitemaps import Sitemap

from .models import Action


class ActionSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return (
            Action.objects.select_related("plan")
            .only("pk", "plan__slug")
            .order_by("plan__slug", "pk")
        )
