"""The questions on a consultation's admin page: written freely until it
opens, read-only from then on, and corrected one at a time on a page of
their own that asks for a public change note."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html

from core.admin import TabularInline

from ..models import Consultation, Question
from ..services import question_correct, questions_save
from ..services.questions import FROZEN, LIST_KINDS

FIELDS = [
    "position",
    "with_previous",
    "kind",
    "text",
    "easy_read_text",
    "help_text",
    "options",
    "required",
]


def option_lines(options: str) -> list[str]:
    return [line.strip() for line in options.splitlines() if line.strip()]


class QuestionForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = FIELDS
        widgets = {
            "help_text": forms.Textarea(attrs={"rows": 3, "cols": 30}),
            "options": forms.Textarea(attrs={"rows": 4, "cols": 30}),
        }

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        lines = option_lines(cleaned.get("options", ""))
        if kind in LIST_KINDS and len(lines) < 2:
            self.add_error(
                "options",
                "Enter at least 2 options, one a line, for a question answered "
                "from a list",
            )
        elif kind and kind not in LIST_KINDS and lines:
            self.add_error(
                "options",
                "Leave the options empty: only a question answered from a list "
                "has options",
            )
        # Blank lines would leave gaps in the options' numbers.
        cleaned["options"] = "\n".join(lines)
        return cleaned


class QuestionFormSet(BaseInlineFormSet):
    """Saves through `questions_save`, as the editor in `actor` (set by the
    inline for each request); refuses any change once the consultation, as
    stored, has opened, whatever else the same form changes."""

    actor = None

    def clean(self):
        super().clean()
        if not self.has_changed() or self.instance.pk is None:
            return
        stored = Consultation.objects.filter(pk=self.instance.pk).first()
        if stored is not None and stored.questions_frozen():
            raise ValidationError(FROZEN, code="frozen")

    def save(self, commit=True):
        questions = super().save(commit=False)
        if commit and (questions or self.deleted_objects):
            questions_save(
                consultation=self.instance,
                actor=self.actor,
                questions=questions,
                deleted=self.deleted_objects,
            )
        return questions


class QuestionInline(TabularInline):
    model = Question
    form = QuestionForm
    formset = QuestionFormSet
    extra = 0
    fields = FIELDS
    readonly_fields = ["correction"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.actor = request.user
        return formset

    def get_fields(self, request, obj=None):
        if obj is not None and obj.questions_frozen():
            return [*FIELDS, "correction"]
        return FIELDS

    # Once open, the questions are read-only here: a change is a correction,
    # made on its own page with a public note.
    def has_add_permission(self, request, obj=None):
        if obj is not None and obj.questions_frozen():
            return False
        return super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.questions_frozen():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.questions_frozen():
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description="Correction")
    def correction(self, question):
        if question.pk is None:
            return ""
        return format_html(
            '<a href="{}">Correct<span class="visually-hidden"> question {}</span></a>',
            reverse(
                "admin:consultations_consultation_correct_question",
                args=[question.consultation_id, question.pk],
            ),
            question.position,
        )


class CorrectionForm(forms.Form):
    """A question's wording, hint, easy read wording and the words of each
    option (never how many), with the public note."""

    text = forms.CharField(label="Question", max_length=300)
    help_text = forms.CharField(
        label="Hint", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    easy_read_text = forms.CharField(
        label="Easy read wording", max_length=300, required=False
    )
    note = forms.CharField(
        label="Change note",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Shown to the public on the consultation's page, with today's "
            "date: what changed and why."
        ),
        error_messages={"required": "Enter a change note: what changed and why"},
    )

    def __init__(self, *args, question: Question, **kwargs):
        self.question = question
        self.lines = question.options.splitlines()
        super().__init__(
            *args,
            initial={
                "text": question.text,
                "help_text": question.help_text,
                "easy_read_text": question.easy_read_text,
                **{f"option_{number}": words for number, words in question.option_list},
            },
            **kwargs,
        )
        if question.kind in LIST_KINDS:
            for number, _ in question.option_list:
                self.fields[f"option_{number}"] = forms.CharField(
                    label=f"Option {number}", max_length=300
                )
        # The note last, after the options.
        self.fields["note"] = self.fields.pop("note")

    def clean(self):
        cleaned = super().clean()
        if self.question.kind in LIST_KINDS:
            cleaned["options"] = "\n".join(
                # One option a line: a line break typed into one is a space.
                " ".join(cleaned.get(f"option_{number}", "").split())
                if line.strip()
                else ""
                for number, line in enumerate(self.lines, 1)
            )
        else:
            cleaned["options"] = self.question.options
        return cleaned


class QuestionCorrections:
    """For the consultation admin: a page to correct one question once the
    consultation has opened."""

    def get_urls(self):
        return [
            path(
                "<int:pk>/questions/<int:question_pk>/correct/",
                self.admin_site.admin_view(self.correct_question_view),
                name="consultations_consultation_correct_question",
            ),
        ] + super().get_urls()

    def correct_question_view(self, request, pk, question_pk):
        if not request.user.has_perm("consultations.change_question"):
            raise PermissionDenied
        question = get_object_or_404(
            Question.objects.select_related("consultation"),
            pk=question_pk,
            consultation_id=pk,
        )
        consultation = question.consultation
        form = CorrectionForm(request.POST or None, question=question)
        corrected = self.submit_form(
            request,
            form,
            lambda answers: question_correct(
                question=question,
                actor=request.user,
                text=answers["text"],
                help_text=answers["help_text"],
                easy_read_text=answers["easy_read_text"],
                options=answers["options"],
                note=answers["note"],
            ),
        )
        if corrected:
            self.message_user(
                request,
                f"Question {question.position} was corrected. The change note is "
                "on the consultation's page.",
                messages.SUCCESS,
            )
            return redirect("admin:consultations_consultation_change", pk)
        return self.render_page(
            request,
            "admin/consultations/consultation/correct_question.html",
            title=f"Correct question {question.position}",
            original=consultation,
            question=question,
            frozen=consultation.questions_frozen(),
            form=form,
        )
