"""Forms of the forum partner area: signing in, forum notes, and a forum's
answer to a draft "You said, we did" response."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.contrib.auth.forms import AuthenticationForm, UsernameField

from accounts.forms import LockoutMessageMixin
from core.forms import CleanCharField, RefusesControlCharacters, radio_choice_field

from .models import SignOff

NOTE_MAX_CHARACTERS = 2000
DISSENT_MAX_CHARACTERS = 2000
# Long enough for any pass phrase; hashing megabytes on every try is not.
PASSWORD_MAX_CHARACTERS = 4096
WRONG_SIGN_IN = "Enter a correct username and password"


class SignInUsernameField(RefusesControlCharacters, UsernameField):
    """A username with control characters is refused with a plain message
    (Django's own says "Null characters are not allowed")."""


class SignInPasswordField(RefusesControlCharacters, forms.CharField):
    """A password with control characters is refused the same way."""


class PartnerSignInForm(LockoutMessageMixin, AuthenticationForm):
    """Django's sign-in form with GOV.UK wording, throttled; the password is
    never sent back to the browser."""

    username = SignInUsernameField(
        label="Username",
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "spellcheck": "false"}
        ),
        error_messages={
            "required": "Enter your username",
            "max_length": WRONG_SIGN_IN,
            "control": WRONG_SIGN_IN,
        },
    )
    password = SignInPasswordField(
        label="Password",
        strip=False,
        max_length=PASSWORD_MAX_CHARACTERS,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={
            "required": "Enter your password",
            "max_length": WRONG_SIGN_IN,
            "control": WRONG_SIGN_IN,
        },
    )

    error_messages = {
        "invalid_login": WRONG_SIGN_IN,
        "inactive": "This account is switched off. Ask the council to switch "
        "it back on",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # GOV.UK does not move focus on load: it disorients screen reader users.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs.pop("maxlength", None)
        self.fields["password"].widget.attrs.pop("maxlength", None)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's <form> carries the token
        self.helper.layout = Layout(
            Field.text("username", label_size=Size.SMALL, field_width=20),
            Field("password", context={"label_size": Size.for_label(Size.SMALL)}),
        )


def _slug_choices(objects, label, empty):
    return [("", empty), *((item.slug, label(item)) for item in objects)]


class ForumNoteForm(forms.Form):
    """A forum's observation about one area of weakness or one theme.

    One question chooses the subject, areas and themes in two groups, so a
    note is about exactly one thing. Takes the areas and themes the view has
    loaded, so checking the choice costs no query; `subject()` gives back the
    chosen one.
    """

    about = forms.ChoiceField(
        label="What is the note about?",
        error_messages={
            "required": "Select the area of weakness or the theme the note is about",
            "invalid_choice": "Select an area of weakness or a theme from the list",
        },
    )
    text = CleanCharField(
        label="Note",
        help_text="What the forum has heard or seen. Staff and forum partners "
        "can read it; it is not published. Do not include names or details "
        "that could identify anyone.",
        max_length=NOTE_MAX_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={
            "required": "Enter the note",
            "max_length": f"The note must be {NOTE_MAX_CHARACTERS:,} characters "
            "or fewer",
        },
    )

    def __init__(self, *args, areas, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.subjects = {
            **{self.area_value(area): {"area": area, "theme": None} for area in areas},
            **{
                self.theme_value(theme): {"area": None, "theme": theme}
                for theme in themes
            },
        }
        self.fields["about"].choices = [
            ("", "Choose an area or a theme"),
            (
                "Areas of weakness",
                [(self.area_value(area), area.in_plain_words) for area in areas],
            ),
            ("Themes", [(self.theme_value(theme), theme.name) for theme in themes]),
        ]

    @staticmethod
    def area_value(area) -> str:
        return f"area:{area.slug}"

    @staticmethod
    def theme_value(theme) -> str:
        return f"theme:{theme.slug}"

    def subject(self) -> dict:
        """{"area": ..., "theme": ...}, one of them None, for forum_note_add."""
        return self.subjects[self.cleaned_data["about"]]

    def about_groups(self) -> list[dict]:
        """The choices in their groups, with the one chosen marked, for the
        template to write out as <optgroup>s."""
        chosen = self["about"].value() or ""
        return [
            {
                "label": group,
                "options": [
                    {"value": value, "label": label, "selected": value == chosen}
                    for value, label in options
                ],
            }
            for group, options in self.fields["about"].choices[1:]
        ]


class SignOffForm(forms.Form):
    """The forum co-signs a draft response, or dissents with a note that is
    published beside it.

    The note box is always shown (no conditional reveal: axe refuses the
    aria-expanded GOV.UK Frontend puts on radios), so a note written and then
    left there with "co-sign" chosen is refused rather than silently lost.
    """

    decision = radio_choice_field(
        label="Does the forum co-sign this response?",
        choices=[
            (SignOff.Decision.CO_SIGNED, "Yes, co-sign it"),
            (SignOff.Decision.DISSENT, "No, add a dissent note"),
        ],
        error="Select whether the forum co-signs the response",
    )
    # Its length is checked in clean(), after the decision, so the message
    # fits what was chosen.
    note = CleanCharField(
        label="Dissent note",
        help_text="Only if the forum does not agree: say why. The note is "
        "published beside the response.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        note = cleaned.get("note") or ""
        if decision == SignOff.Decision.DISSENT:
            if not note:
                self.add_error("note", "Enter why the forum does not agree")
            elif len(note) > DISSENT_MAX_CHARACTERS:
                self.add_error(
                    "note",
                    f"The dissent note must be {DISSENT_MAX_CHARACTERS:,} "
                    "characters or fewer",
                )
        elif decision == SignOff.Decision.CO_SIGNED and note:
            self.add_error(
                "note",
                "Delete the dissent note to co-sign, or choose ‘No, add a "
                "dissent note’",
            )
        return cleaned


class SharedExperienceFilterForm(forms.Form):
    """?area= and ?theme= on the list of shared experiences."""

    area = forms.ChoiceField(
        label="Area of weakness",
        required=False,
        error_messages={"invalid_choice": "Select an area of weakness from the list"},
    )
    theme = forms.ChoiceField(
        label="Theme",
        required=False,
        error_messages={"invalid_choice": "Select a theme from the list"},
    )

    def __init__(self, *args, areas, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = {area.slug: area for area in areas}
        self.themes = {theme.slug: theme for theme in themes}
        self.fields["area"].choices = _slug_choices(
            areas, lambda area: area.in_plain_words, "All areas"
        )
        self.fields["theme"].choices = _slug_choices(
            themes, lambda theme: theme.name, "All themes"
        )

    def chosen(self) -> dict:
        """The area and theme chosen (None when not, or when not valid)."""
        if not self.is_valid():
            return {"area": None, "theme": None}
        return {
            "area": self.areas.get(self.cleaned_data["area"]),
            "theme": self.themes.get(self.cleaned_data["theme"]),
        }
