"""Forms of the consultations' part of the partner area: a forum's note on a
draft, and its answer to an outcome."""

from django import forms

from core.forms import CleanCharField, radio_choice_field

from .models import OutcomeSignOff
from .services.reviews import NOTE_MAX_CHARACTERS

DISSENT_MAX_CHARACTERS = 2000


class DraftNoteForm(forms.Form):
    text = CleanCharField(
        label="Your forum’s note",
        help_text="What families would want changed, explained or asked. Staff "
        "read it before the consultation opens; it is not published. Do not "
        "include names or details that could identify anyone.",
        max_length=NOTE_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Enter your forum’s note",
            "max_length": f"The note must be {NOTE_MAX_CHARACTERS:,} characters "
            "or fewer",
        },
    )


class OutcomeSignOffForm(forms.Form):
    """Co-sign, or dissent with a note published beside the outcome. The note
    box is always shown (no conditional reveal, as on the response sign-off
    form), so a note left there with "co-sign" chosen is refused, not lost."""

    decision = radio_choice_field(
        label="Does the forum co-sign this outcome?",
        choices=[
            (OutcomeSignOff.Decision.CO_SIGNED, "Yes, co-sign it"),
            (OutcomeSignOff.Decision.DISSENT, "No, add a dissent note"),
        ],
        error="Select whether the forum co-signs the outcome",
    )
    note = CleanCharField(
        label="Dissent note",
        help_text="Only if the forum does not agree: say why. The note is "
        "published beside the outcome.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        note = cleaned.get("note") or ""
        if decision == OutcomeSignOff.Decision.DISSENT:
            if not note:
                self.add_error("note", "Enter why the forum does not agree")
            elif len(note) > DISSENT_MAX_CHARACTERS:
                self.add_error(
                    "note",
                    f"The dissent note must be {DISSENT_MAX_CHARACTERS:,} "
                    "characters or fewer",
                )
        elif decision == OutcomeSignOff.Decision.CO_SIGNED and note:
            self.add_error(
                "note",
                "Delete the dissent note to co-sign, or choose ‘No, add a "
                "dissent note’",
            )
        return cleaned
