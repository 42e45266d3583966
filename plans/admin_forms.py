"""The staff form for posting a progress update on an action: what happened,
the status and progress it leaves the action at, and the evidence for it.
The form only checks answers; plans.services.progress_update_post stores
them."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone

from feedback.forms import PlainTextField
from letters.validators import validate_pdf

from .models import Action, Evidence, ProgressUpdate
from .services import NewEvidence

UPDATE_MAX_CHARACTERS = 5000
ATTACHMENT_SLOTS = 3
TITLE_MAX_CHARACTERS = Evidence._meta.get_field("title").max_length
URL_MAX_CHARACTERS = ProgressUpdate._meta.get_field("evidence_url").max_length
SUB_ACTIONS_GIVE_PROGRESS = (
    "This action's progress comes from its sub-actions: leave progress empty "
    "and update those instead"
)
FILES_CHOSEN_AGAIN = (
    "If you chose any files, choose them again: a browser does not keep them "
    "when a form is sent back."
)


class PostUpdateForm(forms.Form):
    on = forms.DateField(
        label="Date of the update",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The day it happened or was reported, not in the future.",
        error_messages={
            "required": "Enter the date of the update",
            "invalid": "Enter a real date, for example 2024-06-01",
        },
    )
    new_status = forms.ChoiceField(
        label="New status",
        required=False,
        choices=[("", "No change"), *Action.Status.choices],
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    new_progress = forms.IntegerField(
        label="New progress (%)",
        required=False,
        min_value=0,
        max_value=100,
        help_text="A whole number from 0 to 100. Leave empty if it did not change, "
        "or if the action has sub-actions (its progress comes from them).",
        error_messages={
            "invalid": "Enter progress as a whole number from 0 to 100",
            "min_value": "Enter progress as a whole number from 0 to 100",
            "max_value": "Enter progress as a whole number from 0 to 100",
        },
    )
    text = PlainTextField(
        label="What has happened",
        max_length=UPDATE_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"Published on the action's page. Up to "
        f"{UPDATE_MAX_CHARACTERS:,} characters; no names of children or families.",
        error_messages={
            "required": "Say what has happened",
            "max_length": f"The update must be {UPDATE_MAX_CHARACTERS:,} characters "
            "or fewer (it has %(show_value)d)",
        },
    )
    evidence_url = forms.URLField(
        label="Link to evidence",
        required=False,
        max_length=URL_MAX_CHARACTERS,
        assume_scheme="https",
        validators=[URLValidator(schemes=["https"])],
        help_text="Optional: a published page that shows it, starting https://.",
        error_messages={
            "invalid": "Enter a web address starting https://, for example "
            "https://www.kent.gov.uk/",
            "max_length": f"The web address must be {URL_MAX_CHARACTERS} "
            "characters or fewer",
        },
    )

    def __init__(self, *args, has_sub_actions=False, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.has_sub_actions = has_sub_actions
        # Numbered pairs, so each title sits beside the file it names.
        for number in range(1, ATTACHMENT_SLOTS + 1):
            self.fields[f"title_{number}"] = PlainTextField(
                label=f"Title of attachment {number}",
                required=False,
                max_length=TITLE_MAX_CHARACTERS,
                error_messages={
                    "max_length": f"The title must be {TITLE_MAX_CHARACTERS} "
                    "characters or fewer"
                },
            )
            self.fields[f"file_{number}"] = forms.FileField(
                label=f"Attachment {number} (PDF)",
                required=False,
                validators=[validate_pdf],
                error_messages={
                    "empty": "The chosen file is empty",
                    "invalid": "Choose a PDF file",
                },
            )

    def update_fields(self):
        """The update's own fields, for the template (the attachments follow)."""
        return [self[name] for name in self.declared_fields]

    def attachment_slots(self):
        """(title field, file field) for each slot, for the template."""
        return [
            (self[f"title_{number}"], self[f"file_{number}"])
            for number in range(1, ATTACHMENT_SLOTS + 1)
        ]

    def clean_new_progress(self):
        # The service refuses it too (sub-actions may be added meanwhile);
        # saying so here shows it alongside any other problem.
        progress = self.cleaned_data["new_progress"]
        if progress is not None and self.has_sub_actions:
            raise ValidationError(SUB_ACTIONS_GIVE_PROGRESS)
        return progress

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise ValidationError("The date of the update cannot be in the future")
        return on

    def clean(self):
        cleaned = super().clean()
        for number in range(1, ATTACHMENT_SLOTS + 1):
            title_name, file_name = f"title_{number}", f"file_{number}"
            if title_name in self.errors or file_name in self.errors:
                continue
            title, upload = cleaned.get(title_name), cleaned.get(file_name)
            if upload and not title:
                self.add_error(
                    title_name, f"Give attachment {number} a title, or remove the file"
                )
            elif title and not upload:
                self.add_error(
                    file_name,
                    f"Choose a PDF for attachment {number}, or remove its title",
                )
        return cleaned

    def evidence(self) -> list[NewEvidence]:
        return [
            NewEvidence(
                title=self.cleaned_data[f"title_{number}"],
                file=self.cleaned_data[f"file_{number}"],
            )
            for number in range(1, ATTACHMENT_SLOTS + 1)
            if self.cleaned_data.get(f"file_{number}")
        ]


class ProgressUpdateCorrectionForm(forms.ModelForm):
    """The Administrator's correction of a posted update: the same checks on
    the text and the link as when it was posted."""

    text = PostUpdateForm.base_fields["text"]
    evidence_url = PostUpdateForm.base_fields["evidence_url"]

    class Meta:
        model = ProgressUpdate
        fields = ["on", "new_status", "new_progress", "text", "evidence_url"]
