from django.apps import AppConfig

from core.sections import Fill, FillsSlots


class AlertsConfig(FillsSlots, AppConfig):
    """Email alerts: people without an account follow what they care about
    and are told when it changes. Above every app it tells people about, so
    none of them imports it: they announce (core.announcements), and this
    app fans each announcement out to its subscribers. Their pages show its
    "Get emails about this" link through the core.follow slot."""

    name = "alerts"
    verbose_name = "Email alerts"

    fills = (
        Fill("core.follow", "alerts.sections.follow_link", 10),
        Fill("core.announced", "alerts.fanout.on_announced", 10),
    )

    def ready(self):
        from core.email import purposes_register

        from .retention import register_rules

        register_rules()
        purposes_register(
            {
                "alerts-confirm": "Confirm email alerts",
                "alerts-already": "Already getting email alerts",
                "alert": "Email alert",
                "alert-digest": "Weekly digest of email alerts",
            }
        )
