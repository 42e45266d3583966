"""Forms of the moderation and safeguarding pages in the staff admin.

They check what a person typed; the decisions themselves (claims, versions,
consent, safeguarding) are checked again by feedback.services, which the
views call.
"""

from django import forms

from core.forms import radio_choice_field

from .forms import STORY_MAX_CHARACTERS, PlainTextField
from .models import Experience, Theme
from .services import NOTE_NEEDED

# Room for both answers copied in with a blank line between them, and a little
# more: a moderator who saves the copied original unchanged must not be refused
# for its length.
PUBLIC_VERSION_MAX = 2 * STORY_MAX_CHARACTERS + 100
NOTE_MAX = 2000
OUT_OF_DATE = "This page is out of date. Reload it and try again."


def note_field(
    label: str, *, help_text: str = "", required: str = "", too_long: str = ""
) -> PlainTextField:
    """A few lines in the moderator's own words, up to NOTE_MAX characters;
    an answer is needed when `required` says what to ask for."""
    error_messages = {
        "max_length": too_long or f"Say it in {NOTE_MAX:,} characters or fewer"
    }
    if required:
        error_messages["required"] = required
    return PlainTextField(
        label=label,
        required=bool(required),
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 70}),
        help_text=help_text,
        error_messages=error_messages,
    )


class AdminPageForm(forms.Form):
    """Labels without Django's trailing colon, as in GOV.UK forms. `action`
    says which button was pressed, for a form whose answers depend on it."""

    def __init__(self, *args, action=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.action = action


class ModerationForm(AdminPageForm):
    """The moderator's side of the page: the public version, its themes, and
    the decision (save, publish, or not publish with a reason).

    `action` says which button was pressed, as each needs different answers.
    """

    SAVE = "save"
    PUBLISH = "publish"
    DECLINE = "decline"
    # Not a decision: fills the box with the original, to edit, unsaved.
    COPY_ORIGINAL = "copy-original"

    public_version = PlainTextField(
        label="Public version",
        required=False,
        max_length=PUBLIC_VERSION_MAX,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 70}),
        help_text="What the public and forums will read. Take out names, "
        "schools, places, dates and anything else that could identify someone.",
        error_messages={
            "max_length": f"The public version must be {PUBLIC_VERSION_MAX:,} "
            "characters or fewer",
        },
    )
    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": "Choose themes from the list",
            "invalid_pk_value": "Choose themes from the list",
        },
    )
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": OUT_OF_DATE,
            "invalid": OUT_OF_DATE,
            "min_value": OUT_OF_DATE,
        },
    )
    decline_reason = forms.ChoiceField(
        label="Why is it not being published?",
        choices=Experience.DeclineReason.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose a reason from the list"},
    )
    decline_note = note_field(
        "Note",
        help_text="For an individual case, say which service you signposted "
        "them to; for “Other”, say why. Staff only: never published or "
        "sent to the author.",
        too_long=f"The note must be {NOTE_MAX:,} characters or fewer",
    )
    keep_reason = note_field(
        "Why must these details stay?",
        help_text="Only if what the check found is not a personal detail (a "
        "service's public phone number, say). Your reason is kept in the audit "
        "trail.",
    )

    def clean(self):
        cleaned = super().clean()
        if self.action == self.PUBLISH and not cleaned.get("public_version"):
            if "public_version" not in self.errors:
                self.add_error(
                    "public_version", "Write the public version before publishing"
                )
        if self.action == self.DECLINE:
            reason = cleaned.get("decline_reason")
            if not reason:
                if "decline_reason" not in self.errors:
                    self.add_error(
                        "decline_reason", "Choose why it is not being published"
                    )
            elif reason in NOTE_NEEDED and not cleaned.get("decline_note"):
                if "decline_note" not in self.errors:
                    self.add_error("decline_note", NOTE_NEEDED[reason])
        return cleaned

    def service_arguments(self) -> dict:
        """The decision's answers, as the service for `action` takes them."""
        data = self.cleaned_data
        arguments = {
            "expected_version": data["version"],
            "public_version": data["public_version"],
            "themes": data["themes"],
            "keep_reason": data["keep_reason"],
        }
        if self.action == self.DECLINE:
            arguments.update(reason=data["decline_reason"], note=data["decline_note"])
        return arguments


class WhyForm(AdminPageForm):
    """A step that needs only the moderator's reason, kept in the audit trail."""

    def service_arguments(self) -> dict:
        return {"why": self.cleaned_data["why"]}


class FlagForm(WhyForm):
    """Flag an experience by hand for a safeguarding lead."""

    prefix = "flag"
    why = note_field(
        "What worries you?",
        help_text="A safeguarding lead reads this before deciding. Until they "
        "record a decision, the experience cannot be published.",
        required="Say what worries you",
    )


class TakeDownForm(WhyForm):
    """Take a published experience off the site, back into review."""

    prefix = "take-down"
    why = note_field(
        "Why is it being taken down?",
        help_text="For example, the public version could identify a school. It "
        "comes back to you, in review, to correct or decline.",
        required="Say why it is being taken down",
    )


class SafeguardingForm(AdminPageForm):
    """A safeguarding lead's decision: referred (to where) or no concern (why)."""

    decision = radio_choice_field(
        label="What did you decide?",
        choices=Experience.SafeguardingDecision.choices,
        error="Choose referred or no safeguarding concern",
    )
    referred_to = PlainTextField(
        label="If referred: where to?",
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text="The team or service, for example the children's social "
        "work front door, or the police.",
        error_messages={"max_length": "Say where in 500 characters or fewer"},
    )
    no_concern_why = note_field(
        "If no concern: why?",
        too_long=f"Say why in {NOTE_MAX:,} characters or fewer",
    )

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == Experience.SafeguardingDecision.REFERRED:
            if not cleaned.get("referred_to") and "referred_to" not in self.errors:
                self.add_error("referred_to", "Say where it was referred")
        elif decision == Experience.SafeguardingDecision.NO_CONCERN:
            if (
                not cleaned.get("no_concern_why")
                and "no_concern_why" not in self.errors
            ):
                self.add_error("no_concern_why", "Say why there is no concern")
        return cleaned

    @property
    def note(self) -> str:
        if self.cleaned_data["decision"] == Experience.SafeguardingDecision.REFERRED:
            return self.cleaned_data["referred_to"]
        return self.cleaned_data["no_concern_why"]


def error_list(*forms_, messages=()) -> list[tuple[str, str]]:
    """Every problem on a page, for its error summary: (message, anchor), the
    anchor being the field's id, or "" for a problem with the whole page."""
    problems = [(message, "") for message in messages]
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for name, errors in form.errors.items():
            anchor = ""
            if name in form.fields and not form.fields[name].widget.is_hidden:
                field = form[name]
                widget_id = field.auto_id
                # Radios and checkboxes (CheckboxSelectMultiple is a kind of
                # RadioSelect): the link goes to the first option.
                if isinstance(field.field.widget, forms.RadioSelect):
                    widget_id = f"{widget_id}_0"
                anchor = widget_id
            problems.extend((str(message), anchor) for message in errors)
    return problems
