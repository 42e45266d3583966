"""Sitemap of the public consultations' pages."""

from core.sitemaps import Sitemap

from .models import Consultation


class ConsultationSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Consultation.objects.public().only("pk", "slug").order_by("slug")
