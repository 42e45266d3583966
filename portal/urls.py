from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from accounts import preferences
from accounts.forms import StaffSignInForm
from consultations.sitemaps import ConsultationSitemap, OutcomeSitemap
from core.page_cache import public_page
from core.sitemaps import SECTION_URL_NAME
from core.sitemaps import index as sitemap_index
from feedback.sitemaps import ResponseSitemap, ResponseYearSitemap
from letters.sitemaps import AreaSitemap, InspectionSitemap, LetterSitemap
from plans.sitemaps import ActionSitemap

from . import audit, data_requests, views
from .sitemaps import PageSitemap

sitemaps = {
    "pages": PageSitemap,
    "letters": LetterSitemap,
    "inspections": InspectionSitemap,
    "areas": AreaSitemap,
    "responses": ResponseSitemap,
    "response-years": ResponseYearSitemap,
    "actions": ActionSitemap,
    "consultations": ConsultationSitemap,
    "consultation-outcomes": OutcomeSitemap,
}

admin.site.site_header = settings.SERVICE_NAME + " - staff"
admin.site.site_title = "Staff admin"
admin.site.index_title = "Staff admin"
admin.site.login_form = StaffSignInForm

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("letters.urls")),
    path("", include("feedback.urls")),
    path("", include("plans.urls")),
    path("", include("consultations.urls")),
    path("alerts/", include("alerts.urls")),
    path("search/", views.search, name="search"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("privacy/", views.privacy, name="privacy"),
    path("contact/", views.contact, name="contact"),
    path("glossary/", views.glossary, name="glossary"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon),
    path(
        "sitemap.xml",
        public_page(sitemap_index),
        {"sitemaps": sitemaps},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        public_page(sitemap),
        {"sitemaps": sitemaps},
        name=SECTION_URL_NAME,
    ),
    path("partners/two-factor/", include(("accounts.urls", "partners-two-factor"))),
    path("admin/two-factor/", include(("accounts.urls", "admin-two-factor"))),
    path("partners/actions/", include("plans.partner_urls")),
    path("partners/consultations/", include("consultations.partner_urls")),
    path("partners/", include("feedback.partner_urls")),
    path("admin/insights/", include("feedback.insights_urls")),
    path(
        "admin/audit/",
        include(
            ([path("", admin.site.admin_view(audit.index), name="index")], "audit")
        ),
    ),
    path(
        "admin/data-requests/",
        include(
            (
                [path("", admin.site.admin_view(data_requests.index), name="index")],
                "data-requests",
            )
        ),
    ),
    path(
        "admin/emails/",
        include(
            (
                [
                    path(
                        "",
                        admin.site.admin_view(preferences.staff_emails),
                        name="index",
                    )
                ],
                "staff-emails",
            )
        ),
    ),
    path("admin/", admin.site.urls),
]

handler403 = "portal.views.permission_denied"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
