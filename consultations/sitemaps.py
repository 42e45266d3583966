"""Sitemap of the public consultations' pages."""

from core.sitemaps import Sitemap

from .models import Consultation, Outcome


class ConsultationSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Consultation.objects.public().only("pk", "slug").order_by("slug")


class OutcomeSitemap(Sitemap):
    """The published outcomes ("We asked, you said, we did")."""

    changefreq = "monthly"

    def items(self):
        return (
            Outcome.objects.filter(
                status=Outcome.Status.PUBLISHED, consultation__released=True
            )
            .select_related("consultation")
            .only("pk", "published_at", "consultation__slug")
            .order_by("consultation__slug")
        )

    def lastmod(self, outcome):
        return outcome.published_at
