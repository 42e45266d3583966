"""Writes of a consultation's questions: saved freely until it opens, then
only corrected, with a public change note, and never in the number of
options (answers are stored by an option's number)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import Consultation, ConsultationEvent, Question, QuestionChange

FROZEN = (
    "The questions cannot change once the consultation has opened. "
    "Correct a question instead, with a note that says what changed and why."
)
NOT_FROZEN = (
    "The consultation has not opened yet: change the question on the "
    "consultation's page instead."
)
NOTE_NEEDED = "Enter a change note: what changed and why, for the public"
# What an editor may write into a question, in the words the audit trail uses.
QUESTION_FIELDS = {
    "position": "position",
    "with_previous": "on the same page as the question before",
    "kind": "kind",
    "text": "question",
    "easy_read_text": "easy read wording",
    "help_text": "hint",
    "options": "options",
    "required": "required",
}
CORRECTABLE_FIELDS = ("text", "help_text", "easy_read_text", "options")
# The kinds whose options an editor writes, one a line.
LIST_KINDS = {Question.Kind.ONE, Question.Kind.SEVERAL}


def _locked(consultation: Consultation) -> Consultation:
    """The consultation as stored, its row held until the transaction ends,
    so two editors' saves cannot cross the moment it opens unseen."""
    return Consultation.objects.select_for_update().get(pk=consultation.pk)


def _label(question: Question, name: str) -> str:
    return f"Question {question.position}: {QUESTION_FIELDS[name]}"


def _differences(before: Question | None, after: Question, names) -> dict:
    """{label: [before, after]} for each field among `names` that differs."""
    return {
        _label(after, name): [
            str(getattr(before, name)) if before else "",
            str(getattr(after, name)),
        ]
        for name in names
        if before is None or getattr(before, name) != getattr(after, name)
    }


@transaction.atomic
def questions_save(
    *,
    consultation: Consultation,
    actor,
    questions: list[Question],
    deleted: list[Question],
) -> dict:
    """Save `questions` (new or changed) and delete `deleted`, all of them
    the consultation's, with one audit row naming what changed (nothing is
    written, audit row included, when nothing did). Refused once the
    consultation has opened. Returns what changed, {label: [before, after]}."""
    if _locked(consultation).questions_frozen():
        raise ValidationError(FROZEN, code="frozen")
    stored = {
        question.pk: question
        for question in Question.objects.filter(consultation=consultation)
    }
    changes = {}
    for question in questions:
        if question.pk is not None and question.pk not in stored:
            raise ValidationError("That question belongs to another consultation.")
        before = stored.get(question.pk)
        found = _differences(before, question, QUESTION_FIELDS)
        if not found:
            continue
        question.consultation = consultation
        question.save()
        changes.update(found)
    for question in deleted:
        if question.pk not in stored:
            raise ValidationError("That question belongs to another consultation.")
        changes[f"Question {question.position} removed"] = [question.text, ""]
        stored[question.pk].delete()
    if changes:
        ConsultationEvent.objects.create(
            consultation_pk=consultation.pk,
            consultation_title=consultation.title,
            kind=ConsultationEvent.Kind.CHANGED,
            actor=actor,
            changes=changes,
        )
    return changes


def _option_keys(question: Question, options: str) -> list[str]:
    """The stored keys the options would have: a corrected list must keep
    them, each option at its number."""
    return [key for key, _ in Question(kind=question.kind, options=options).option_list]


@transaction.atomic
def question_correct(
    *,
    question: Question,
    actor,
    text: str,
    help_text: str,
    easy_read_text: str,
    options: str,
    note: str,
) -> QuestionChange:
    """Correct the wording of a question of an open (or closed) consultation:
    its text, hint, easy read wording and the words of its options, as many
    options as before. Writes the public change note and an audit row."""
    consultation = _locked(question.consultation)
    if not consultation.questions_frozen():
        raise ValidationError(NOT_FROZEN, code="not_frozen")
    note = note.strip()
    if not note:
        raise ValidationError(NOTE_NEEDED, code="note")
    text = text.strip()
    if not text:
        raise ValidationError("Enter the question", code="text")
    stored = Question.objects.select_for_update().get(pk=question.pk)
    options = "\n".join(line.strip() for line in options.splitlines())
    stored_lines = [line.strip() for line in stored.options.splitlines()]
    if stored.kind not in LIST_KINDS or options.splitlines() == stored_lines:
        options = stored.options
    elif _option_keys(stored, options) != _option_keys(stored, stored.options):
        count = len(stored.option_list)
        raise ValidationError(
            f"Keep the same {count} options, in the same order: answers are "
            "counted by an option's place in the list",
            code="options",
        )
    corrected = Question(
        pk=stored.pk,
        position=stored.position,
        text=text,
        help_text=help_text.strip(),
        easy_read_text=easy_read_text.strip(),
        options=options,
    )
    changes = _differences(stored, corrected, CORRECTABLE_FIELDS)
    if not changes:
        raise ValidationError("Nothing was changed", code="unchanged")
    for name in CORRECTABLE_FIELDS:
        setattr(stored, name, getattr(corrected, name))
    stored.save(update_fields=list(CORRECTABLE_FIELDS))
    change = QuestionChange.objects.create(
        consultation=consultation, question=stored, note=note, made_by=actor
    )
    ConsultationEvent.objects.create(
        consultation_pk=consultation.pk,
        consultation_title=consultation.title,
        kind=ConsultationEvent.Kind.CORRECTED,
        actor=actor,
        changes=changes,
        detail=note,
    )
    question.refresh_from_db()
    return change
