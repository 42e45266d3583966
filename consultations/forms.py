"""The pages of answering a consultation, one form a page: who is answering,
the consultation's own questions (built from its `Question` rows), and what
may be done with the answers. Staff typing in a paper response use the same
forms, so what they enter meets the same checks."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    ConditionalQuestion,
    ConditionalRadios,
    Field,
    Layout,
    Size,
)
from django import forms
from django.utils.html import conditional_escape

from core.forms import CleanCharField, mark_boxes_in_error
from feedback.forms import YesNoField, is_yes

from .models import ConsultationResponse, Question

Respondent = ConsultationResponse.Respondent


class PageForm(forms.Form):
    """A page of answering: crispy-forms-gds renders it in GOV.UK markup."""

    title = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
        """What the session keeps: plain JSON values."""
        return dict(self.cleaned_data)


class AboutYouForm(PageForm):
    title = "Who are you answering as?"
    respondent = forms.ChoiceField(
        label="Who are you answering as?",
        choices=[
            (Respondent.PARENT_CARER, "A parent or carer"),
            (Respondent.YOUNG_PERSON, "A child or young person with SEND"),
            (
                Respondent.PROFESSIONAL,
                "A professional who works with children and young people",
            ),
            (Respondent.ORGANISATION, "On behalf of an organisation"),
            (Respondent.OTHER, "Someone else"),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select who you are answering as",
            "invalid_choice": "Select who you are answering as",
        },
    )
    organisation_name = CleanCharField(
        label="If you are answering on behalf of an organisation, its name",
        required=False,
        max_length=200,
        error_messages={
            "max_length": "The organisation's name must be 200 characters or fewer"
        },
    )

    def layout(self):
        # The name box follows the radios rather than being revealed under
        # one: crispy-forms-gds cannot make a revealing fieldset the page's
        # heading.
        return Layout(
            Field.radios("respondent", legend_size=Size.LARGE, legend_tag="h1"),
            Field.text("organisation_name", label_size=Size.SMALL),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("respondent") == Respondent.ORGANISATION:
            if not cleaned.get("organisation_name") and (
                "organisation_name" not in self.errors
            ):
                self.add_error(
                    "organisation_name", "Enter the name of the organisation"
                )
        else:
            cleaned["organisation_name"] = ""
        return cleaned


def _field_name(question: Question) -> str:
    return f"q{question.pk}"


def _question_field(question: Question, *, easy: bool, areas) -> forms.Field:
    """The form field that asks `question`: its wording (the easy read one
    where asked for and given), hint, choices and limits."""
    label = (easy and question.easy_read_text) or question.text
    required = question.required
    if not required:
        label = f"{label} (optional)"
    # crispy-forms-gds writes labels and hints as they are (`|safe`): what an
    # editor typed is escaped here, so it can never become markup.
    common = {
        "label": conditional_escape(label),
        "help_text": conditional_escape(question.help_text),
        "required": required,
    }
    if question.kind in Question.TEXT_KINDS:
        limit = question.max_length
        return CleanCharField(
            max_length=limit,
            widget=forms.Textarea
            if question.kind == Question.Kind.LONG_TEXT
            else forms.TextInput,
            error_messages={
                "required": f"Answer \u2018{question.text}\u2019",
                "max_length": f"Your answer must be {limit:,} characters or fewer",
            },
            **common,
        )
    if question.kind == Question.Kind.AREAS:
        choices = [(area.slug, area.in_plain_words) for area in areas]
    else:
        choices = question.option_list
    many = question.kind in Question.MANY_KINDS
    wrong = (
        f"Select all that apply for \u2018{question.text}\u2019"
        if many
        else f"Select an answer for \u2018{question.text}\u2019"
    )
    field_class = forms.MultipleChoiceField if many else forms.ChoiceField
    return field_class(
        choices=choices,
        widget=forms.CheckboxSelectMultiple if many else forms.RadioSelect,
        error_messages={"required": wrong, "invalid_choice": wrong},
        **common,
    )


class QuestionsForm(PageForm):
    """One page of the consultation's questions (one, or several that belong
    together). Alone on its page, a question's wording is the page heading."""

    def __init__(self, *args, questions, areas, easy=False, heading="", **kwargs):
        self.questions = list(questions)
        self.title = heading or (
            (easy and self.questions[0].easy_read_text) or self.questions[0].text
        )
        fields = {
            _field_name(question): _question_field(question, easy=easy, areas=areas)
            for question in self.questions
        }
        super().__init__(*args, **kwargs)
        self.fields.update(fields)
        self.helper.layout = self.layout()

    def layout(self):
        if not getattr(self, "questions", None):
            return Layout()
        alone = len(self.questions) == 1
        heading = {"legend_size": Size.LARGE, "legend_tag": "h1"} if alone else {}
        label = {"label_size": Size.LARGE, "label_tag": "h1"} if alone else {}
        size = {} if alone else {"legend_size": Size.MEDIUM}
        parts = []
        for question in self.questions:
            name = _field_name(question)
            if question.kind in Question.MANY_KINDS:
                parts.append(Field.checkboxes(name, **(heading or size)))
            elif question.kind in Question.CHOICE_KINDS:
                parts.append(Field.radios(name, **(heading or size)))
            elif question.kind == Question.Kind.LONG_TEXT:
                parts.append(
                    Field.textarea(
                        name,
                        rows=6,
                        max_characters=question.max_length,
                        **(label or {"label_size": Size.MEDIUM}),
                    )
                )
            else:
                parts.append(Field.text(name, **(label or {"label_size": Size.MEDIUM})))
        return Layout(*parts)

    def answers(self) -> dict:
        return {
            str(question.pk): self.cleaned_data[_field_name(question)]
            for question in self.questions
        }

    @classmethod
    def initial_from(cls, answers: dict, questions) -> dict:
        """The session's answers as the form's initial values."""
        return {
            _field_name(question): answers[str(question.pk)]
            for question in questions
            if str(question.pk) in answers
        }


class ConsentForm(PageForm):
    title = "What can we do with your answers?"
    consent_publish = YesNoField(
        label="Can we publish your answers without your name?",
        help_text="A moderator reads anything you wrote first, and takes out "
        "anything that could identify you or your child.",
        unanswered="Select yes if we can publish your answers without your name",
    )
    publish_as_organisation = YesNoField(
        label="Can we publish your answers under your organisation's name?",
        help_text="If you say no, we publish them without a name, if at all.",
        unanswered="Select yes if we can publish them under the organisation's name",
        required=False,
    )
    consent_share = YesNoField(
        label="Can we share your answers with parent carer forums, such as Kent PACT?",
        help_text="They help the council and the NHS decide what to do. They "
        "see your answers without your name or contact details.",
        unanswered="Select yes if we can share your answers with parent carer forums",
    )
    consent_contact = YesNoField(
        label="Do you want us to email you when we publish the outcome?",
        help_text="We use your email address for nothing else, and delete it "
        "once the outcome is published.",
        unanswered="Select yes if you want an email when the outcome is published",
    )
    contact_email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like "
            "name@example.com",
            "max_length": "Enter an email address in the correct format, like "
            "name@example.com",
        },
    )
    # A box people never see (hidden by CSS): only robots fill it in.
    website = forms.CharField(required=False, label="Leave this field empty")

    def __init__(self, *args, organisation=False, **kwargs):
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        if organisation:
            self.fields["publish_as_organisation"].required = True

    def layout(self):
        parts = [Field.radios("consent_publish", legend_size=Size.MEDIUM)]
        if self.organisation:
            parts.append(
                Field.radios("publish_as_organisation", legend_size=Size.MEDIUM)
            )
        parts += [
            Field.radios("consent_share", legend_size=Size.MEDIUM),
            # The email box shows under "Yes": revealed by GOV.UK Frontend's
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
                ),
                "No",
            ),
            Field(
                "website", context={"wrapper_class": "app-honeypot"}, autocomplete="off"
            ),
        ]
        return Layout(*parts)

    def clean(self):
        cleaned = super().clean()
        wants_email = is_yes(cleaned.get("consent_contact"))
        if wants_email and not cleaned.get("contact_email"):
            if "contact_email" not in self.errors:
                self.add_error("contact_email", "Enter your email address")
        return cleaned

    @property
    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))

    def answers(self):
        answers = dict(self.cleaned_data)
        answers.pop("website", None)
        if not self.organisation:
            answers["publish_as_organisation"] = "no"
        if not is_yes(answers.get("consent_contact")):
            # No consent, no address: nothing is kept that was not agreed.
            answers["contact_email"] = ""
        return answers
