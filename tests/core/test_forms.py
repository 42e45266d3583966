"""core.forms: form fields clean what people type as core.text stores it."""

import pytest
from django import forms

from core.forms import CleanCharField, RefusesControlCharacters, radio_choice_field
from core.text import clean_text


@pytest.mark.parametrize(
    "typed",
    ["Line one\r\nline two", " \x00padded\x1b ", "\x1b\n\x07", "old Mac\rbreak", ""],
)
def test_a_clean_field_gives_what_clean_text_stores(typed):
    assert CleanCharField(required=False).clean(typed) == clean_text(typed)


def test_a_clean_field_of_control_characters_only_is_empty_and_so_required():
    with pytest.raises(forms.ValidationError):
        CleanCharField().clean("\x00 \x1b\n")


def test_max_length_counts_a_line_break_as_one_character():
    field = CleanCharField(max_length=3)

    assert field.clean("a\r\nb") == "a\nb"


def test_a_clean_field_that_keeps_white_space_still_loses_control_characters():
    field = CleanCharField(strip=False)

    assert field.clean(" a\x00b\r\n ") == " ab\n "


class CodeField(RefusesControlCharacters, forms.CharField):
    pass


def test_a_field_refusing_control_characters_says_so_in_its_own_words():
    field = CodeField(error_messages={"control": "Enter the code you were sent"})

    with pytest.raises(forms.ValidationError) as refused:
        field.clean("12\x0034")

    assert refused.value.messages == ["Enter the code you were sent"]
    assert field.clean("1234") == "1234"


@pytest.mark.parametrize("answer", ["", "maybe"])
def test_a_radio_question_says_the_same_thing_when_unanswered_or_tampered_with(
    answer,
):
    field = radio_choice_field(
        label="Agree?", choices=[("yes", "Yes"), ("no", "No")], error="Say yes or no"
    )
    assert isinstance(field.widget, forms.RadioSelect)
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(answer)
    assert refused.value.messages == ["Say yes or no"]
