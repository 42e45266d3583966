from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Email"  # its one admin page: the outbox

    def ready(self):
        from django.apps import apps

        from . import rules  # noqa: F401 (registers the retention rules)
        from .page_cache import watch
        from .sections import collect

        # Every app's fills are class attributes, so they can all be read
        # here, whichever app's ready() runs first.
        collect(apps.get_app_configs())
        # Writes to any model shown on public pages start a new generation.
        watch(apps.get_models())
