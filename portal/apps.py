from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from . import checks  # noqa: F401 (registers the deployment checks)
        from .roles import apply_roles

        # Once per migrate, for portal alone: it is installed last, so every
        # app's migrations have run by then, in whatever order they ran.
        post_migrate.connect(apply_roles, sender=self, dispatch_uid="portal.roles")
