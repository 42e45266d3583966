from django.apps import AppConfig

from core.sections import Fill, FillsSlots


class PlansConfig(FillsSlots, AppConfig):
    """The accountability tracker: improvement plans, actions, progress."""

    name = "plans"
    verbose_name = "Improvement plans"

    # Neither letters nor feedback imports plans: plans adds its parts to
    # their pages, and its content to `manage.py seed_content`, through slots.
    fills = (
        # After the parents' voice on each area page: the actions and indicators.
        Fill("letters.area", "plans.views.area_section", 20),
        # A "You said, we did" response's page lists the actions it led to.
        Fill("feedback.response", "plans.sections.response_section", 10),
        # The partner area: the done actions to agree or dispute.
        Fill("feedback.partner_home", "plans.partner_views.home_section", 10),
        Fill("feedback.partner_header", "plans.partner_views.header_link", 10),
        # The plans, actions and indicators, once the record is loaded.
        Fill("letters.seed", "plans.seeding.seed_plans", 10),
    )
