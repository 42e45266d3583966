from django.apps import AppConfig

from core.sections import Fill, FillsSlots


class FeedbackConfig(FillsSlots, AppConfig):
    """The parents' voice: experiences, moderation, responses (issues 3 and 4)."""

    name = "feedback"
    verbose_name = "Parents' voice"

    # letters never imports feedback: each area page invites families to share
    # an experience of the area and shows what has been published about it.
    fills = (
        Fill("letters.area_invitation", "feedback.public_views.area_invitation", 10),
        Fill("letters.area", "feedback.public_views.area_section", 10),
    )

    def ready(self):
        from core.email import purposes_register

        from .retention import register_rules

        register_rules()
        purposes_register(
            {
                "acknowledgement": "We have your experience (to its author)",
                "response-published": "You said, we did: a response published",
            }
        )
