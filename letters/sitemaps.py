from core.sitemaps import Sitemap

from .models import AreaOfWeakness, Inspection, Letter
from .selectors import with_last_public_change


class LetterSitemap(Sitemap):
    """Published letters only: a withdrawn letter keeps its URL but is no longer
    offered to search engines."""

    changefreq = "monthly"

    def items(self):
        return with_last_public_change(Letter.objects.published()).order_by(
            "-date", "pk"
        )

    def lastmod(self, item):
        return item.changed_at


class InspectionSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Inspection.objects.order_by("pk")


class AreaSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return AreaOfWeakness.objects.order_by("pk")
