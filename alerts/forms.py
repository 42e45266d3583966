"""The subscribe form: an email address and how often, nothing more, with
the share journey's defences against robots (a field people never see, and a
minimum time between showing the form and sending it)."""

import time

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.conf import settings
from django.core import signing

from core.forms import RefusesControlCharacters, mark_boxes_in_error

from .models import Subscriber

SHOWN_SALT = "alerts.subscribe-shown"
BAD_ADDRESS = "Enter an email address in the correct format, like name@example.com"


class AddressField(RefusesControlCharacters, forms.EmailField):
    default_error_messages = {"control": BAD_ADDRESS}


def shown_stamp() -> str:
    """When the form was shown, signed, for the minimum time."""
    return signing.dumps(int(time.time()), salt=SHOWN_SALT)


class SubscribeForm(forms.Form):
    email = AddressField(
        label="Email address",
        help_text="We will send you an email to check it is yours. We only use "
        "it to send you these emails.",
        max_length=254,
        error_messages={
            "required": "Enter your email address",
            "invalid": BAD_ADDRESS,
            "max_length": BAD_ADDRESS,
        },
    )
    frequency = forms.ChoiceField(
        label="How often do you want emails?",
        choices=Subscriber.Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select how often you want emails",
            "invalid_choice": "Select how often you want emails",
        },
    )
    # A field people never see (hidden by CSS): only robots fill it in.
    website = forms.CharField(
        required=False, label="Leave this field empty", max_length=1000
    )
    shown = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields[
            "frequency"
        ].help_text = "\u2018Once a week\u2019 gathers a week of news in one email."
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's <form> carries the token
        self.helper.layout = Layout(
            Field.text(
                "email",
                label_size=Size.SMALL,
                autocomplete="email",
                spellcheck="false",
            ),
            Field.radios("frequency", legend_size=Size.SMALL),
            Field(
                "website", context={"wrapper_class": "app-honeypot"}, autocomplete="off"
            ),
            "shown",
        )

    def full_clean(self):
        super().full_clean()
        mark_boxes_in_error(self)

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    @property
    def too_quick(self) -> bool:
        """Sent sooner than a person could, or without a form we showed."""
        try:
            shown = signing.loads(
                self.cleaned_data.get("shown") or "", salt=SHOWN_SALT, max_age=86400
            )
        except signing.BadSignature:
            return True
        if not isinstance(shown, int):
            return True
        return time.time() - shown < settings.ALERTS_MIN_SECONDS
