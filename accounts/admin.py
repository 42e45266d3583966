from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from core.admin import StrictAdmin

from . import services
from .models import User


@admin.register(User)
class PortalUserAdmin(StrictAdmin, UserAdmin):
    """Django's user admin, answering only the filters it shows. Accounts are
    switched off, never deleted: audit rows name them for years."""

    actions = ["deactivate"]

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


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(StrictAdmin, GroupAdmin):
    """The roles (groups); migrations keep their permissions (portal/roles.py)."""
