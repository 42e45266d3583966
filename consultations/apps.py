from django.apps import AppConfig

from core.sections import Fill, FillsSlots


class ConsultationsConfig(FillsSlots, AppConfig):
    """Time-bound consultations: what is asked, when, and why now."""

    name = "consultations"
    verbose_name = "Consultations"

    # No earlier app imports consultations: it adds its part to each area
    # page, and the moments its pages change by the clock, through slots.
    fills = (
        Fill("letters.area", "consultations.views.area_section", 30),
        Fill(
            "core.public_pages_next_change",
            "consultations.selectors.next_opening_or_closing",
            20,
        ),
        # The partner area: drafts to review and outcomes to co-sign.
        Fill("feedback.partner_home", "consultations.partner_views.home_section", 20),
        Fill("feedback.partner_header", "consultations.partner_views.header_link", 20),
        # What awaits moderation, in the moderators' morning email.
        Fill(
            "feedback.moderation_waiting",
            "consultations.services.nudges.answers_waiting",
            20,
        ),
    )

    def ready(self):
        from core.email import purposes_register

        from .retention import register_rules

        register_rules()
        purposes_register(
            {
                "consultation-acknowledgement": "We have your consultation answers",
                "consultation-outcome": "A consultation's outcome",
            }
        )
