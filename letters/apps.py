from django.apps import AppConfig

from core.sections import Fill, FillsSlots


class LettersConfig(FillsSlots, AppConfig):
    name = "letters"
    verbose_name = "Public record"

    # A scheduled letter appears on public pages at its publish time.
    fills = (
        Fill(
            "core.public_pages_next_change",
            "letters.selectors.next_scheduled_publication",
            10,
        ),
    )
