from django.apps import AppConfig


class PlansConfig(AppConfig):
    """The accountability tracker: improvement plans, actions, progress."""

    name = "plans"
    verbose_name = "Improvement plans"

    def ready(self):
        # letters never imports plans: plans adds the area's actions and
        # indicators to each area page through the extension point letters offers.
        from letters.views import AREA_SECTIONS, register_area_section

        from .views import area_section

        if area_section not in AREA_SECTIONS:
            register_area_section(area_section)

    def seed_content(self) -> int:
        """Called by `manage.py seed_content` after the record is loaded."""
        from .seeding import seed_plans

        return seed_plans()
