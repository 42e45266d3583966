"""What letters announce for email alerts: publication (at once, or when a
scheduled letter's time comes, once), withdrawal; with their thread and areas."""

import datetime

from django.utils import timezone

from core.models import Announcement
from letters import services
from tests.factories import AreaFactory, LetterFactory

Kind = Announcement.Kind


def test_a_published_reply_is_announced_to_its_thread_and_areas(editor, db):
    area = AreaFactory(slug="outcomes")
    first = LetterFactory()
    reply = LetterFactory(in_reply_to=first)
    answer = LetterFactory(draft=True, in_reply_to=reply, areas=[area])

    services.letter_publish(letter=answer, actor=editor)

    announced = Announcement.objects.get()
    assert announced.kind == Kind.LETTER_PUBLISHED
    assert announced.topics == sorted(
        ["everything", "letters", f"letter:{first.pk}", "area:outcomes"]
    )
    assert announced.path == answer.get_absolute_url()


def test_a_scheduled_letter_is_announced_once_when_its_time_comes(
    editor, db, travel_to
):
    letter = LetterFactory(draft=True)
    at = timezone.now() + datetime.timedelta(hours=2)
    services.letter_publish(letter=letter, actor=editor, at=at)
    assert services.letters_announce_due() == 0

    travel_to(at + datetime.timedelta(minutes=5))

    assert services.letters_announce_due() == 1
    assert services.letters_announce_due() == 0
    assert Announcement.objects.get().once_key == f"letter-published:{letter.pk}"


def test_a_withdrawal_is_announced_with_its_reason(editor, db):
    letter = LetterFactory()

    services.letter_withdraw(letter=letter, actor=editor, reason="Sent in error.")

    announced = Announcement.objects.get()
    assert (announced.kind, announced.summary) == (
        Kind.LETTER_WITHDRAWN,
        "Sent in error.",
    )
