from django.apps import AppConfig


class PlansConfig(AppConfig):
    """The accountability tracker: improvement plans, actions, progress."""

    name = "plans"
    verbose_name = "Improvement plans"
