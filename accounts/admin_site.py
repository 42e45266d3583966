"""The staff admin's site: only signed-in staff who have also given their
second factor get in. Installed in place of django.contrib.admin
(INSTALLED_APPS names StaffAdminConfig), so `admin.site` is this site."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class StaffAdminSite(admin.AdminSite):
    def has_permission(self, request):
        # TwoFactorMiddleware sends an unverified user to the second step
        # first; this holds even if a page is ever reached another way.
        is_verified = getattr(request.user, "is_verified", None)
        return super().has_permission(request) and bool(is_verified and is_verified())


class StaffAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.StaffAdminSite"
