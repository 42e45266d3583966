"""The form a forum partner answers on a done action: agreed that it is done,
or disputed with a note that is published beside the action."""

from django import forms

from core.forms import radio_choice_field
from feedback.forms import PlainTextField

from .models import Confirmation

NOTE_MAX_CHARACTERS = 2000
VERDICT_LABELS = {
    Confirmation.Verdict.AGREED: "Agreed, it is done",
    Confirmation.Verdict.DISPUTED: "Disputed: it is not done",
}
NOTE_NEEDED = "Say why the forum disputes that it is done"
VERDICT_NEEDED = "Select whether the forum agrees that the action is done"


class ConfirmationForm(forms.Form):
    """The note box is always shown (no conditional reveal, as on the sign-off
    form: axe refuses the aria-expanded GOV.UK Frontend adds to radios). A note
    given with "agreed" is kept and published too."""

    verdict = radio_choice_field(
        label="Does the forum agree that this action is done?",
        choices=list(VERDICT_LABELS.items()),
        error=VERDICT_NEEDED,
    )
    note = PlainTextField(
        label="Note",
        help_text="Needed if the forum disputes it: say why. The note is "
        "published beside the action on the public site. Do not include names "
        "or details that could identify anyone.",
        required=False,
        max_length=NOTE_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "max_length": f"The note must be {NOTE_MAX_CHARACTERS:,} characters "
            "or fewer",
        },
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("verdict") == Confirmation.Verdict.DISPUTED and not (
            cleaned.get("note") or self.has_error("note")
        ):
            self.add_error("note", NOTE_NEEDED)
        return cleaned
