from django.urls import reverse

from core.sitemaps import Sitemap


class PageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return [
            "home",
            "letters:list",
            "letters:areas",
            "feedback:experiences",
            "feedback:responses",
            "plans:index",
            "consultations:list",
            "glossary",
            "accessibility",
            "privacy",
            "contact",
        ]

    def location(self, item):
        return reverse(item)
