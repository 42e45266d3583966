from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    """The parents' voice: experiences, moderation, responses (issues 3 and 4)."""

    name = "feedback"
    verbose_name = "Parents' voice"

    def ready(self):
        # letters never imports feedback: feedback adds its part to each area
        # page through the extension point letters offers.
        from letters.views import AREA_SECTIONS, register_area_section

        from .public_views import area_section

        if area_section not in AREA_SECTIONS:
            register_area_section(area_section)

        from .retention import register_rules

        register_rules()
