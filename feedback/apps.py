from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    """The parents' voice: experiences, moderation, responses (issues 3 and 4)."""

    name = "feedback"
    verbose_name = "Parents' voice"
