"""The questions of the "Share your experience" journey, one form a page.

Every form takes `young=True` for a young person telling their own story: the
same questions, in simpler words about themselves. Staff entry reuses these
forms, so what staff type in meets the same validation.
"""

import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    ConditionalQuestion,
    ConditionalRadios,
    Field,
    Layout,
    Size,
)
from django import forms
from django.core.exceptions import ValidationError

from core.forms import CleanCharField, mark_boxes_in_error
from letters.models import AreaOfWeakness

from .models import District, Experience

STORY_MAX_CHARACTERS = 6000
YES_NO = [("yes", "Yes"), ("no", "No")]


# The name the staff admin's and plans' forms import; the field's home is core.
PlainTextField = CleanCharField


def offered_areas():
    """The areas families are asked about: those of local area SEND inspections."""
    return AreaOfWeakness.objects.filter(inspection__kind="send").order_by(
        "inspection__on_site_from", "number"
    )


def phone_input() -> forms.TextInput:
    """A text box of type "tel": phones offer their number keypad. Still a
    TextInput underneath, so crispy-forms-gds styles it like one."""
    widget = forms.TextInput()
    widget.input_type = "tel"
    return widget


class StepForm(forms.Form):
    """A page of the journey: crispy-forms-gds renders it in GOV.UK markup."""

    def __init__(self, *args, young=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.young = young
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the page's <form> carries the token
        self.helper.layout = self.layout()

    def layout(self) -> Layout:
        raise NotImplementedError

    def full_clean(self):
        super().full_clean()
        mark_boxes_in_error(self)

    def answers(self) -> dict:
        """What to keep in the session: plain JSON values."""
        return dict(self.cleaned_data)


class AreasForm(StepForm):
    title = "What is your experience about?"
    areas = forms.MultipleChoiceField(
        label="What is your experience about?",
        help_text="Select all that apply.",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select what your experience is about, or \u2018I\u2019m not "
            "sure\u2019",
            "invalid_choice": "Select from the list",
        },
    )

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        areas = list(offered_areas()) if areas is None else areas
        choices = [(area.slug, area.in_plain_words) for area in areas]
        # "I'm not sure" takes the value the model's choices give that answer.
        not_sure = (Experience.Need.NOT_SURE, "I\u2019m not sure")
        self.fields["areas"].choices = [*choices, not_sure]
        if self.young:
            self.fields["areas"].label = self.title = "What is it about?"
            self.fields["areas"].help_text = "Choose all the ones that fit."
            self.fields["areas"].error_messages["required"] = (
                "Select what it is about, or \u2018I\u2019m not sure\u2019"
            )

    def layout(self):
        return Layout(
            Field.checkboxes("areas", legend_size=Size.LARGE, legend_tag="h1")
        )

    def clean_areas(self):
        areas = self.cleaned_data["areas"]
        if Experience.Need.NOT_SURE in areas and len(areas) > 1:
            raise ValidationError(
                "Select the areas it is about, or \u2018I\u2019m not sure\u2019, "
                "not both"
            )
        return areas


class RespondentForm(StepForm):
    title = "Who are you?"
    respondent = forms.ChoiceField(
        label="Who are you?",
        choices=[
            (Experience.Respondent.PARENT_CARER, "A parent or carer"),
            (Experience.Respondent.YOUNG_PERSON, "A child or young person with SEND"),
            (
                Experience.Respondent.PROFESSIONAL,
                "A professional who works with children and young people",
            ),
            (Experience.Respondent.OTHER, "Someone else"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select who you are"},
    )

    def layout(self):
        return Layout(
            Field.radios("respondent", legend_size=Size.LARGE, legend_tag="h1")
        )


# A young person's words for the same answers (the values do not change).
YOUNG_NEEDS = [
    (
        Experience.Need.COMMUNICATION,
        "Talking, understanding and getting on with people",
    ),
    (Experience.Need.LEARNING, "Learning"),
    (Experience.Need.SEMH, "Feelings and mental health"),
    (Experience.Need.SENSORY_PHYSICAL, "Seeing, hearing, senses or moving about"),
    (Experience.Need.NOT_SURE, "Not sure"),
    (Experience.Need.PREFER_NOT, "Prefer not to say"),
]
YOUNG_EHC_STATUS = [
    (Experience.EhcStatus.HAS_PLAN, "Yes, I have an EHC plan"),
    (Experience.EhcStatus.ASSESSING, "I am being assessed for one"),
    (Experience.EhcStatus.REFUSED, "We asked for one and were told no"),
    (Experience.EhcStatus.NO_PLAN, "No, I do not have one"),
    (Experience.EhcStatus.NOT_SURE, "Not sure"),
    (Experience.EhcStatus.PREFER_NOT, "Prefer not to say"),
]


def optional_radios(label: str, choices) -> forms.ChoiceField:
    """A question of the child page: one of `choices` as radios, or none."""
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, required=False
    )


class ChildForm(StepForm):
    title = "About the child or young person"
    age_group = optional_radios("How old are they?", Experience.AgeGroup.choices)
    setting = optional_radios(
        "Where do they go to nursery, school or college?",
        Experience.Setting.choices,
    )
    district = forms.ChoiceField(
        label="Where do they live?",
        help_text="The district council area.",
        required=False,
    )
    needs = forms.MultipleChoiceField(
        label="What are their needs?",
        help_text="Select all that apply.",
        choices=Experience.Need.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    ehc_status = optional_radios(
        "Do they have an education, health and care (EHC) plan?",
        Experience.EhcStatus.choices,
    )

    def __init__(self, *args, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        districts = list(District.objects.all()) if districts is None else districts
        # Set as a whole: changing the list in place would change the field's
        # copy and not the widget's, which is what the page shows.
        self.fields["district"].choices = [
            ("", "Choose where you live" if self.young else "Choose where they live"),
            *[(district.slug, district.name) for district in districts],
            (Experience.Need.PREFER_NOT, "Prefer not to say"),
        ]
        if self.young:
            self.title = "About you"
            labels = {
                "age_group": "How old are you?",
                "setting": "Where do you go to nursery, school or college?",
                "district": "Where do you live?",
                "needs": "What do you need help with?",
                "ehc_status": "Do you have an EHC plan?",
            }
            for name, label in labels.items():
                self.fields[name].label = label
            self.fields["district"].help_text = "The council area you live in."
            self.fields["needs"].help_text = "Choose all the ones that fit."
            self.fields["needs"].choices = YOUNG_NEEDS
            self.fields["ehc_status"].choices = YOUNG_EHC_STATUS

    def layout(self):
        return Layout(
            Field.radios("age_group", legend_size=Size.MEDIUM),
            Field.radios("setting", legend_size=Size.MEDIUM),
            Field("district", context={"label_size": Size.for_label(Size.MEDIUM)}),
            Field.checkboxes("needs", legend_size=Size.MEDIUM),
            Field.radios("ehc_status", legend_size=Size.MEDIUM),
        )

    def clean_needs(self):
        needs = self.cleaned_data["needs"]
        exclusive = {Experience.Need.NOT_SURE, Experience.Need.PREFER_NOT} & set(needs)
        if exclusive and len(needs) > 1:
            raise ValidationError(
                "Select the needs that apply, or \u2018Not sure\u2019 or "
                "\u2018Prefer not to say\u2019 on its own"
            )
        return needs


class StoryForm(StepForm):
    title = "Tell us what happened"
    what_happened = CleanCharField(
        label="What happened?",
        help_text="Do not include names or details that could identify anyone, "
        "such as your child's school, phone numbers or addresses.",
        max_length=STORY_MAX_CHARACTERS,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter what happened",
            "max_length": f"What happened must be {STORY_MAX_CHARACTERS:,} "
            "characters or fewer",
        },
    )
    what_would_help = CleanCharField(
        label="What would have helped? (optional)",
        max_length=STORY_MAX_CHARACTERS,
        widget=forms.Textarea,
        required=False,
        error_messages={
            "max_length": f"What would have helped must be "
            f"{STORY_MAX_CHARACTERS:,} characters or fewer",
        },
    )
    # A field people never see (hidden by CSS): only robots fill it in.
    website = forms.CharField(required=False, label="Leave this field empty")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.young:
            self.fields["what_happened"].help_text = (
                "Please do not write anyone's name, your school's name, phone "
                "numbers or addresses."
            )
            self.fields[
                "what_would_help"
            ].label = "What would have made it better? (optional)"

    def layout(self):
        return Layout(
            Field.textarea(
                "what_happened",
                label_size=Size.MEDIUM,
                rows=8,
                max_characters=STORY_MAX_CHARACTERS,
            ),
            Field.textarea(
                "what_would_help",
                label_size=Size.MEDIUM,
                rows=5,
                max_characters=STORY_MAX_CHARACTERS,
            ),
            Field(
                "website", context={"wrapper_class": "app-honeypot"}, autocomplete="off"
            ),
        )

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def answers(self):
        return {
            "what_happened": self.cleaned_data["what_happened"],
            "what_would_help": self.cleaned_data["what_would_help"],
        }


UK_PHONE = re.compile(r"^(?:\+44|0)\d{9,10}$")


class YesNoField(forms.ChoiceField):
    """A yes or no question as radios, `unanswered` the message when neither
    is chosen. The session keeps "yes" or "no" (see `is_yes`)."""

    widget = forms.RadioSelect

    def __init__(self, *, unanswered: str, **kwargs):
        super().__init__(
            choices=YES_NO, error_messages={"required": unanswered}, **kwargs
        )


def is_yes(answer: str | None) -> bool:
    return answer == "yes"


class ConsentForm(StepForm):
    title = "What can we do with your experience?"
    consent_publish = YesNoField(
        label="Can we publish an anonymised version?",
        help_text="We remove anything that could identify you or your child, and "
        "a moderator reads it before anything is published.",
        unanswered="Select yes if we can publish an anonymised version",
    )
    consent_share = YesNoField(
        label="Can we share it with parent carer forums, such as Kent PACT?",
        help_text="They work with the council and the NHS to improve services. "
        "We share the anonymised version only.",
        unanswered="Select yes if we can share it with parent carer forums",
    )
    consent_contact = YesNoField(
        label="Can we contact you about it?",
        help_text="If you give an email address, we will email you to say "
        "whether we published your experience, and when we publish a \u2018You "
        "said, we did\u2019 response about what it is about. We may also ask "
        "you for more detail.",
        unanswered="Select yes if we can contact you",
    )
    contact_email = forms.EmailField(
        label="Email address (optional if you give a phone number)",
        help_text="We will email you your reference number and a link to "
        "withdraw your experience.",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like "
            "name@example.com"
        },
    )
    contact_phone = CleanCharField(
        label="Phone number (optional if you give an email address)",
        help_text="For a UK number, like 01632 960 001 or 07700 900 982.",
        required=False,
        max_length=30,
        widget=phone_input(),
    )

    def __init__(self, *args, areas_chosen=True, **kwargs):
        """`areas_chosen=False` when the person was not sure what their
        experience is about: responses are sent to the people whose
        experience is about the response's areas, so they would hear nothing."""
        super().__init__(*args, **kwargs)
        if self.young:
            self.title = "What can we do with what you told us?"
            wording = {
                "consent_publish": (
                    "Can we put it on this website, without your name?",
                    "We take out anything that could show who you are. Someone "
                    "reads it first.",
                ),
                "consent_share": (
                    "Can we show it to parent groups, like Kent PACT?",
                    "They help the council and the NHS make things better. They "
                    "only see it without your name.",
                ),
                "consent_contact": (
                    "Can we get in touch with you?",
                    "If you give us an email address, we will email you to say "
                    "if it went on the website, and when we write about what "
                    "we are doing about it. We may also ask you to tell us more.",
                ),
                "contact_email": (
                    "Your email address (you do not need one if you give a "
                    "phone number)",
                    "We will email you your reference number and a link to take "
                    "back what you told us.",
                ),
                "contact_phone": (
                    "Your phone number (you do not need one if you give an "
                    "email address)",
                    "A UK number, like 07700 900 982.",
                ),
            }
            for name, (label, hint) in wording.items():
                self.fields[name].label = label
                self.fields[name].help_text = hint
        if not areas_chosen:
            self.fields["consent_contact"].help_text = (
                "You were not sure what it is about, so we cannot email you "
                "about what we do, only to say if it went on the website. We "
                "may ask you to tell us more."
                if self.young
                else "You were not sure what your experience is about, so we "
                "will not email you about our responses, only to say whether "
                "we published it. We may ask you for more detail."
            )

    def layout(self):
        return Layout(
            Field.radios("consent_publish", legend_size=Size.MEDIUM),
            Field.radios("consent_share", legend_size=Size.MEDIUM),
            # The contact boxes show under "Yes": revealed by GOV.UK Frontend's
            # radios script, and simply shown when scripts do not run.
            ConditionalRadios(
                "consent_contact",
                ConditionalQuestion(
                    "Yes",
                    Field.text(
                        "contact_email",
                        label_size=Size.SMALL,
                        autocomplete="email",
                        spellcheck="false",
                    ),
                    Field.text(
                        "contact_phone",
                        label_size=Size.SMALL,
                        autocomplete="tel",
                        field_width=20,
                    ),
                ),
                "No",
            ),
        )

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        if not phone:
            return ""
        digits = re.sub(r"[\s()-]", "", phone)
        if not UK_PHONE.match(digits):
            raise ValidationError(
                "Enter a UK phone number, like 01632 960 001 or 07700 900 982"
            )
        return phone

    def clean(self):
        cleaned = super().clean()
        if is_yes(cleaned.get("consent_contact")):
            if not cleaned.get("contact_email") and not cleaned.get("contact_phone"):
                if "contact_email" not in self.errors and "contact_phone" not in (
                    self.errors
                ):
                    self.add_error(
                        "contact_email",
                        "Enter an email address or a phone number so we can "
                        "contact you",
                    )
        return cleaned

    def answers(self):
        answers = dict(self.cleaned_data)
        if not is_yes(answers.get("consent_contact")):
            # No consent, no contact details: nothing is kept that was not agreed.
            answers["contact_email"] = answers["contact_phone"] = ""
        return answers


# "Who are you?" comes first, so that every later page can be worded for a
# young person telling their own story.
STEP_FORMS = {
    "about-you": RespondentForm,
    "areas": AreasForm,
    "child": ChildForm,
    "what-happened": StoryForm,
    "consent": ConsentForm,
}
