"""Demonstration "You said, we did" responses in each state the services
leave them: drafts, awaiting the forum, published with the forum's
co-signature or its dissent, each with its audit trail."""

from datetime import timedelta

from core.models import DemoRecord
from feedback.models import Response, ResponseEvent, SignOff
from letters.models import Organisation

from . import text
from .base import DETAIL, Seeded, next_number

Action = ResponseEvent.Action
# The state of each response, in the order of text.RESPONSES, and the events
# that brought it there.
STATES = [
    (Response.Status.PUBLISHED, SignOff.Decision.CO_SIGNED),
    (Response.Status.PUBLISHED, SignOff.Decision.DISSENT),
    (Response.Status.PUBLISHED, SignOff.Decision.CO_SIGNED),
    (Response.Status.AWAITING_SIGN_OFF, None),
    (Response.Status.AWAITING_SIGN_OFF, None),
    (Response.Status.DRAFT, None),
]
EVENTS = {
    Response.Status.DRAFT: [Action.CREATED],
    Response.Status.AWAITING_SIGN_OFF: [Action.CREATED, Action.SENT],
    Response.Status.PUBLISHED: [
        Action.CREATED,
        Action.SENT,
        Action.SIGNED,
        Action.PUBLISHED,
    ],
}


def responses_load(seeded: Seeded, heard: int) -> list[Response]:
    """One response for each of text.RESPONSES, asked of Kent PACT; `heard`
    (the experiences just made) sizes what each says it heard."""
    forum = seeded.forum
    if forum is None:
        return []
    number = next_number(Response)
    signing = seeded.of_kind(Organisation.Kind.COUNCIL, Organisation.Kind.NHS)[:2]
    responses = []
    for offset, (words, state) in enumerate(zip(text.RESPONSES, STATES, strict=True)):
        response = _response(seeded, number + offset, words, state[0], forum, heard)
        response.areas.set(seeded.some(seeded.areas, 1, 2))
        response.themes.set(seeded.some(seeded.themes, 1, 2))
        response.signing_organisations.set(signing)
        _sign_off(response, state[1])
        _events_load(response)
        responses.append(response)
    DemoRecord.objects.mark(responses)
    return responses


def _response(seeded: Seeded, number, words, status, forum, heard) -> Response:
    title, said, doing, doing_by = words
    created = seeded.now - timedelta(days=seeded.rng.randint(30, 700))
    return Response.objects.create(
        title=f"{text.DEMONSTRATION}: {title}",
        slug=f"demonstration-response-{number}",
        status=status,
        heard=said,
        experience_count=max(1, heard // len(text.RESPONSES)),
        doing=doing,
        doing_by=doing_by,
        forum=forum,
        created_at=created,
        published_at=(
            created + timedelta(days=21)
            if status == Response.Status.PUBLISHED
            else None
        ),
    )


def _sign_off(response: Response, decision) -> None:
    if decision is None:
        return
    note = text.DISSENT if decision == SignOff.Decision.DISSENT else ""
    SignOff.objects.create(
        response=response,
        forum=response.forum,
        decision=decision,
        note=note,
        at=response.created_at + timedelta(days=14),
    )


def _events_load(response: Response) -> None:
    ResponseEvent.objects.bulk_create(
        ResponseEvent(
            response=response,
            action=action,
            at=response.created_at + timedelta(days=7 * step),
            detail=DETAIL,
        )
        for step, action in enumerate(EVENTS[response.status])
    )
