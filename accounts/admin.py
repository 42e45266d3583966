from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import (
    AdminPasswordChangeForm,
    ReadOnlyPasswordHashWidget,
    UserChangeForm,
)
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.admin import StrictAdmin

from . import services
from .models import User


class PasswordSummary(ReadOnlyPasswordHashWidget):
    """Django's summary of a password, less the `disabled` it puts on its
    <div>: HTML allows that attribute on form controls only (Nu checker)."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].pop("disabled", None)
        return context


class PortalUserChangeForm(UserChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password" in self.fields:
            self.fields["password"].widget = PasswordSummary()


class PortalPasswordChangeForm(AdminPasswordChangeForm):
    """Django's form for setting someone's password, its help in plain words:
    Django's own puts a list inside a paragraph, which HTML does not allow
    (Nu checker)."""

    usable_password_help_text = (
        "Whether this person can sign in with a password. If you switch it off, "
        "their current password is lost."
    )


@admin.register(User)
class PortalUserAdmin(StrictAdmin, UserAdmin):
    """Django's user admin, answering only the filters it shows. Accounts are
    switched off, never deleted: audit rows name them for years."""

    form = PortalUserChangeForm
    change_password_form = PortalPasswordChangeForm
    # Kept by Django, not typed in; as inputs, the two halves of each date and
    # time had no label of their own (axe label).
    readonly_fields = ["last_login", "date_joined"]
    actions = ["deactivate", "reset_two_factor"]

    def has_delete_permission(self, request, obj=None):
        return False

    def has_deactivate_permission(self, request):
        return request.user.has_perm("accounts.change_user")

    @admin.action(
        description="Switch off the selected accounts (they can no longer sign in)",
        permissions=["deactivate"],
    )
    def deactivate(self, request, queryset):
        done = 0
        for user in queryset:
            try:
                services.user_deactivate(user=user, actor=request.user)
            except PermissionDenied as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
            else:
                done += 1
        self.message_user(request, f"Switched off {done} account(s).", messages.SUCCESS)

    @admin.action(
        description="Reset two-factor sign-in for the selected accounts (a lost "
        "phone): they set up a new app at their next sign-in",
        permissions=["deactivate"],
    )
    def reset_two_factor(self, request, queryset):
        for user in queryset:
            services.user_reset_two_factor(user=user, actor=request.user)
        self.message_user(
            request,
            f"Reset two-factor sign-in for {queryset.count()} account(s).",
            messages.SUCCESS,
        )


admin.site.unregister(Group)
# Devices are set up by their owners and reset by an administrator (an action
# on users, audited), never edited as bare records.
for device_model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


@admin.register(Group)
class RoleAdmin(StrictAdmin, GroupAdmin):
    """The roles (groups); migrations keep their permissions (portal/roles.py)."""
