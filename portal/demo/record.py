"""Demonstration letters: published, signed by the seeded people in their
posts, about the seeded inspections and areas, some answering others."""

from datetime import timedelta

from core.models import DemoRecord
from letters.models import Letter, LetterEvent, Organisation, Signatory

from . import text
from .base import BATCH, DETAIL, FIRST_DAY, Seeded, batches, morning, next_number

KINDS = [
    (Letter.Kind.LETTER, 5),
    (Letter.Kind.STATEMENT, 2),
    (Letter.Kind.PRESS_RELEASE, 2),
    (Letter.Kind.RESPONSE, 2),
    (Letter.Kind.REPORT, 1),
    (Letter.Kind.INSPECTION_LETTER, 1),
]
REPLY_SHARE = 0.3


def letters_load(seeded: Seeded, count: int, progress) -> dict:
    """`count` published letters, oldest first, a share of them replies to an
    earlier one; how many of each thing were made."""
    first = next_number(Letter)
    last_day = seeded.now.date() - timedelta(days=1)
    days = sorted(seeded.day_between(FIRST_DAY, last_day) for _ in range(count))
    letters = []
    for start, size in batches(count):
        made = Letter.objects.bulk_create(
            _letter(seeded, first + start + i, days[start + i]) for i in range(size)
        )
        _relations_load(seeded, made)
        letters += made
        progress(len(letters), count)
    replies = _threads_load(seeded, letters)
    DemoRecord.objects.mark(letters)
    return {"letters": len(letters), "replies": replies}


def _letter(seeded: Seeded, number: int, day) -> Letter:
    rng = seeded.rng
    kind = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
    topic = rng.choice(text.LETTER_TOPICS)
    inspection = (
        rng.choice(seeded.inspections)
        if seeded.inspections and kind == Letter.Kind.INSPECTION_LETTER
        else None
    )
    return Letter(
        kind=kind,
        title=f"{text.DEMONSTRATION}: {topic} ({day:%B %Y})",
        slug=f"demonstration-letter-{number}",
        reference=f"{text.DEMONSTRATION} {number}",
        date=day,
        recipient=rng.choice(text.RECIPIENTS),
        audience=rng.choice(Letter.Audience.values),
        summary=seeded.sentences(text.SUMMARIES, 1, 3),
        body="\n\n".join([text.NOTICE, *seeded.some(text.BODY_PARAGRAPHS, 2, 5)]),
        inspection=inspection,
        status=Letter.Status.PUBLISHED,
        publish_at=morning(day),
    )


def _relations_load(seeded: Seeded, letters) -> None:
    """Senders, areas, signatories and the audit rows `seed_content` writes."""
    senders = seeded.of_kind(Organisation.Kind.COUNCIL, Organisation.Kind.NHS)
    Letter.senders.through.objects.bulk_create(
        Letter.senders.through(letter=letter, organisation=sender)
        for letter in letters
        for sender in seeded.some(senders, 1, 2)
    )
    Letter.areas.through.objects.bulk_create(
        Letter.areas.through(letter=letter, areaofweakness=area)
        for letter in letters
        for area in seeded.some(seeded.areas, 0, 3)
    )
    Signatory.objects.bulk_create(
        (
            Signatory(letter=letter, role=role, order=order)
            for letter in letters
            for order, role in enumerate(_signatories(seeded, letter), start=1)
        ),
        batch_size=BATCH,
    )
    LetterEvent.objects.bulk_create(
        (
            LetterEvent(
                letter=letter, action=action, at=letter.publish_at, detail=DETAIL
            )
            for letter in letters
            for action in (LetterEvent.Action.CREATED, LetterEvent.Action.PUBLISHED)
        ),
        batch_size=BATCH,
    )


def _signatories(seeded: Seeded, letter) -> list:
    """One or two posts held on the letter's date, as the admin insists."""
    held = [role for role in seeded.roles if role.held_on(letter.date)]
    return seeded.some(held, 1, 2)


def _threads_load(seeded: Seeded, letters) -> int:
    """A share of the letters answer an earlier one (they are oldest first)."""
    replies = []
    for position, letter in enumerate(letters[1:], start=1):
        if seeded.rng.random() < REPLY_SHARE:
            letter.in_reply_to = letters[seeded.rng.randrange(position)]
            replies.append(letter)
    Letter.objects.bulk_update(replies, ["in_reply_to"], batch_size=BATCH)
    return len(replies)
