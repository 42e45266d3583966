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

        # feedback never imports plans either: the partner area's home page
        # gets the done actions to agree or dispute the same way.
        from feedback.partner_views import (
            PARTNER_SECTIONS,
            register_partner_link,
            register_partner_section,
        )

        from .partner_views import home_section
        from .services import CONFIRM

        if home_section not in PARTNER_SECTIONS:
            register_partner_section(home_section)
        register_partner_link("Done actions", "partner-actions:list", CONFIRM)

        # A "You said, we did" response's page lists the actions it led to.
        from feedback.public_views import RESPONSE_SECTIONS, register_response_section

        from .sections import response_section

        if response_section not in RESPONSE_SECTIONS:
            register_response_section(response_section)

    def seed_content(self) -> int:
        """Called by `manage.py seed_content` after the record is loaded."""
        from .seeding import seed_plans

        return seed_plans()
