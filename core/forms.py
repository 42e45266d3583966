"""Form fields that treat what people type the way `core.text` stores it, and
GOV.UK's error style on the boxes of a form in error."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.widgets import Input

from .text import (
    CONTROL_CHARACTERS,
    clean_text,
    normalise_line_breaks,
    strip_control_characters,
)


class CleanCharField(forms.CharField):
    """Text cleaned as `core.text.clean_text` cleans it, before validation:
    control characters (NUL included) removed and line breaks one character
    each, so `max_length` counts what the page's character count shows.
    With `strip=False` the white space around the text is kept."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        if self.strip:
            # Stripped again after cleaning: white space between control
            # characters ("\x1b\n") is all that is left, and counts as empty.
            return clean_text(value)
        return strip_control_characters(normalise_line_breaks(value))


class RefusesControlCharacters:
    """A field mixin that refuses, rather than cleans, a value holding control
    characters: for what must match exactly (a username, a password, a code),
    where a cleaned value would be a different one. Its message is the
    field's "control" error message."""

    default_error_messages = {"control": "Remove the control characters"}

    def to_python(self, value):
        value = super().to_python(value)
        if value and CONTROL_CHARACTERS.search(value):
            raise ValidationError(self.error_messages["control"], code="control")
        return value


# crispy-forms-gds gives the error style only to these widget classes (and
# gives a select the text box's): every other box in error is styled here.
_STYLED_BY_CRISPY = {"TextInput", "Textarea"}


def mark_boxes_in_error(form: forms.Form) -> None:
    """Give each text box, select or textarea in error GOV.UK's error class."""
    for name in form.errors:
        if name not in form.fields:
            continue
        widget = form.fields[name].widget
        if isinstance(widget, forms.Select) and not isinstance(
            widget, forms.SelectMultiple
        ):
            error_class = "govuk-select--error"
        elif isinstance(widget, forms.Textarea):
            error_class = "govuk-textarea--error"
        elif isinstance(widget, Input) and not isinstance(widget, forms.CheckboxInput):
            error_class = "govuk-input--error"
        else:
            continue
        if type(widget).__name__ in _STYLED_BY_CRISPY:
            continue
        classes = widget.attrs.get("class", "").split()
        if error_class not in classes:
            widget.attrs["class"] = " ".join([*classes, error_class])


def radio_choice_field(*, label: str, choices, error: str) -> forms.ChoiceField:
    """A question answered by choosing one radio button: `error` is the message
    whether nothing is chosen or the choice is not one offered (a hand-made
    request), so the person always reads what to do."""
    return forms.ChoiceField(
        label=label,
        choices=choices,
        widget=forms.RadioSelect,
        error_messages={"required": error, "invalid_choice": error},
    )
