"""The questions a consultation asks, in order, and the public notes of any
correction made once it is open."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from core.page_cache import PublicContent

from .consultations import Consultation

# The agree-disagree scale: stored by key, so a count never depends on wording.
SCALE = [
    ("strongly-agree", "Strongly agree"),
    ("agree", "Agree"),
    ("neither", "Neither agree nor disagree"),
    ("disagree", "Disagree"),
    ("strongly-disagree", "Strongly disagree"),
]
SHORT_TEXT_LENGTH = 200
LONG_TEXT_LENGTH = 3000


class Question(PublicContent, models.Model):
    """One question. Choices are stored by their number in `options` (or the
    scale's key, or an area's slug), so a corrected spelling keeps its
    answers."""

    class Kind(models.TextChoices):
        ONE = "one", "One answer from a list"
        SEVERAL = "several", "Several answers from a list"
        SHORT_TEXT = "short", "Short text"
        LONG_TEXT = "long", "Long text"
        SCALE = "scale", "Agree or disagree"
        AREAS = "areas", "Which areas of weakness"

    CHOICE_KINDS = {Kind.ONE, Kind.SEVERAL, Kind.SCALE, Kind.AREAS}
    TEXT_KINDS = {Kind.SHORT_TEXT, Kind.LONG_TEXT}
    MANY_KINDS = {Kind.SEVERAL, Kind.AREAS}

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(default=1)
    with_previous = models.BooleanField(
        "on the same page as the question before",
        default=False,
        help_text="For questions that belong together.",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    text = models.CharField("question", max_length=300)
    easy_read_text = models.CharField(
        "easy read wording",
        max_length=300,
        blank=True,
        help_text="Shown to people who choose the easy read version. Optional.",
    )
    help_text = models.TextField("hint", blank=True)
    options = models.TextField(
        blank=True,
        help_text="For a list: one answer a line, in the order shown.",
    )
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["consultation", "position", "pk"]
        verbose_name = "question"
        verbose_name_plural = "questions"

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return self.consultation.get_absolute_url()

    @property
    def option_list(self) -> list[tuple[str, str]]:
        """(stored key, words) for each option of a list or the scale; areas
        are offered by the form, from the consultation's areas."""
        if self.kind == self.Kind.SCALE:
            return list(SCALE)
        lines = [line.strip() for line in self.options.splitlines()]
        return [(str(number), line) for number, line in enumerate(lines, 1) if line]

    @property
    def max_length(self) -> int:
        if self.kind == self.Kind.SHORT_TEXT:
            return SHORT_TEXT_LENGTH
        return LONG_TEXT_LENGTH


class QuestionChange(PublicContent, models.Model):
    """A public, dated note of a correction made to a question once the
    consultation had opened."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="question_changes"
    )
    question = models.ForeignKey(
        Question,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="changes",
    )
    note = models.TextField(help_text="What changed and why, for the public.")
    made_at = models.DateTimeField(default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["consultation", "made_at", "pk"]
        verbose_name = "question change note"
        verbose_name_plural = "question change notes"

    def __str__(self):
        return f"{self.made_at:%-d %B %Y}: {self.note[:60]}"

    def get_absolute_url(self):
        return self.consultation.get_absolute_url()
