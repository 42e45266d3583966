from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group

from core.admin import StrictAdmin

from .models import User


@admin.register(User)
class PortalUserAdmin(StrictAdmin, UserAdmin):
    """Django's user admin, answering only the filters it shows."""


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(StrictAdmin, GroupAdmin):
    """The roles (groups); migrations keep their permissions (portal/roles.py)."""
