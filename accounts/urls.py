"""The second step of signing in; included twice by portal/urls.py, under
/admin/two-factor/ and /partners/two-factor/ (the namespace says which)."""

from django.urls import path

from . import two_factor

urlpatterns = [
    path("", two_factor.verify, name="verify"),
    path("set-up/", two_factor.set_up, name="set-up"),
    path("backup-codes/", two_factor.backup_codes, name="backup-codes"),
]
