"""The moderation of written answers: a queue of those waiting for a
moderator, by consultation, and on each answer's page the decision (may be
quoted, in which words, or not) and its themes.

The decision goes through consultations.services.analysis.answer_moderate,
which checks the permission again and leaves an audit row. A flagged
response's answers are listed only for the roles that see flagged
experiences (services.analysis.SEE_ORIGINAL_TEXT).
"""

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.text import Truncator

from core.admin import StrictAdmin
from core.text import clean_text
from feedback.admin.moderation import highlight_identifiers
from feedback.text_checks import find_identifiers, mask_identifiers

from ..models import Answer, ConsultationResponse, Question
from ..services.analysis import MODERATE, SEE_ORIGINAL_TEXT, answer_moderate
from .filters import ConsultationFilter, ReviewFilter

LIST_TEXT_CHARACTERS = 120


class AnswerConsultationFilter(ConsultationFilter):
    field_path = "response__consultation"


class AnswerModerationForm(forms.ModelForm):
    """The decision. The quotable version starts as what was written, for
    the moderator to take out anything that identifies someone; a personal
    detail the checks still find there stops the save until it is removed
    or the moderator says it is not one."""

    review = forms.ChoiceField(
        label="Decision",
        choices=[
            (Answer.Review.QUOTABLE.value, "May be quoted"),
            (Answer.Review.NOT_QUOTABLE.value, "Not to be quoted"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the answer may be quoted"},
    )
    details_checked = forms.BooleanField(
        label="I have checked: what the checks found is not a personal detail",
        required=False,
    )

    class Meta:
        model = Answer
        fields = ["review", "public_text", "themes"]
        widgets = {"themes": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        answer = self.instance
        if answer.review not in (Answer.Review.QUOTABLE, Answer.Review.NOT_QUOTABLE):
            self.initial["review"] = None
        if not answer.public_text:
            self.initial["public_text"] = answer.text

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("review") != Answer.Review.QUOTABLE:
            return cleaned
        # Cleaned as the service stores it, so that it never refuses what
        # the form let through.
        words = cleaned["public_text"] = clean_text(cleaned.get("public_text"))
        if not words:
            self.add_error("public_text", "Enter the words that may be quoted")
            return cleaned
        found = find_identifiers(words)
        if found and not cleaned.get("details_checked"):
            self.add_error(
                "public_text",
                "The quotable version may still hold a personal detail ("
                + ", ".join(found)
                + "). Take it out, or tick the box below if it is not one",
            )
        return cleaned


@admin.register(Answer)
class AnswerAdmin(StrictAdmin):
    """The changelist is the moderation queue of written answers; the change
    page is the decision, for moderators, and a read page for the others."""

    form = AnswerModerationForm
    list_display = [
        "question_asked",
        "response_reference",
        "what_was_written",
        "review",
    ]
    list_filter = [AnswerConsultationFilter, ReviewFilter]
    list_select_related = ["question", "response"]
    list_display_links = ["question_asked"]
    # The answer's page is in the admin: no "View on site" link to itself.
    view_on_site = False
    fieldsets = [
        (
            "The answer",
            {"fields": ["response_reference", "question_asked", "written"]},
        ),
        (
            "Decision",
            {"fields": ["review", "public_text", "details_checked", "themes"]},
        ),
    ]
    readonly_fields = [
        "response_reference",
        "question_asked",
        "written",
        "written_masked",
    ]

    @admin.display(description="Question")
    def question_asked(self, answer):
        return Truncator(answer.question.text).chars(80)

    @admin.display(description="Response", ordering="response__reference")
    def response_reference(self, answer):
        return format_html(
            '<a href="{}">{}</a>',
            answer.response.get_absolute_url(),
            answer.response.display_reference,
        )

    @admin.display(description="Written answer")
    def what_was_written(self, answer):
        return Truncator(answer.text).chars(LIST_TEXT_CHARACTERS)

    @admin.display(description="Written answer")
    def what_was_written_masked(self, answer):
        return Truncator(mask_identifiers(answer.text)).chars(LIST_TEXT_CHARACTERS)

    @admin.display(description="What they wrote")
    def written(self, answer):
        # Personal details the checks find are marked for the moderator.
        return format_html(
            '<div class="app-written">{}</div>', highlight_identifiers(answer.text)
        )

    @admin.display(description="What they wrote")
    def written_masked(self, answer):
        return mask_identifiers(answer.text)

    def get_queryset(self, request):
        # Only written answers of responses not withdrawn, and a flagged
        # response's only for those who see flagged experiences.
        answers = (
            super()
            .get_queryset(request)
            .filter(
                question__kind__in=Question.TEXT_KINDS,
                response__status=ConsultationResponse.Status.RECEIVED,
            )
        )
        if not request.user.has_perm(SEE_ORIGINAL_TEXT):
            answers = answers.exclude(response__safeguarding_flag=True)
        return answers

    def get_list_display(self, request):
        # Readers without the right to the original (analysts, editors) see
        # detected personal details masked, as in feedback.
        if request.user.has_perm(SEE_ORIGINAL_TEXT):
            return self.list_display
        return [
            "what_was_written_masked" if name == "what_was_written" else name
            for name in self.list_display
        ]

    def get_fieldsets(self, request, obj=None):
        original = request.user.has_perm(SEE_ORIGINAL_TEXT)
        may_change = self.has_change_permission(request, obj)
        shown = []
        for name, options in self.fieldsets:
            fields = [
                "written_masked" if field == "written" and not original else field
                for field in options["fields"]
                # Read only: the box for the moderator's check is not a field.
                if may_change or field != "details_checked"
            ]
            shown.append((name, {**options, "fields": fields}))
        return shown

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The page is named for what is done on it, not "Change answer".
        title = "Moderate a written answer"
        if not self.has_change_permission(request):
            title = "A written answer"
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "title": title}
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and request.user.has_perm(
            MODERATE
        )

    # The decision and its audit row go through the service together; it
    # sets the themes too, so the form's own save of them is not wanted.
    def save_model(self, request, obj, form, change):
        answer_moderate(
            answer=Answer.objects.select_related(
                "question", "response__consultation"
            ).get(pk=obj.pk),
            actor=request.user,
            review=form.cleaned_data["review"],
            public_text=form.cleaned_data["public_text"],
            themes=form.cleaned_data["themes"],
        )

    def save_related(self, request, form, formsets, change):
        pass
