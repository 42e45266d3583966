"""Demonstration content for `manage.py load_demo`: letters, experiences,
responses, a plan's actions and consultations on top of the seed content,
each record marked (core.models.DemoRecord) so that `load_demo --remove`
deletes exactly them.

Generation writes in batches with bulk_create, for speed at 100,000
experiences, and writes what the services would have written: valid states,
and the audit rows the pages read (a letter's "created" and "published", an
experience's "submitted" and moderation decision, a response's trail)."""

from django.db import transaction

from consultations.models import Consultation, ConsultationResponse
from core.models import DemoRecord
from core.page_cache import public_pages_changed
from feedback.models import Experience, Response
from letters.models import Letter
from plans.models import Action, ImprovementPlan, ProgressUpdate

from .accounts import accounts_deactivate
from .base import BATCH, Seeded
from .consultations import consultations_load
from .plans import plan_load
from .record import letters_load
from .responses import responses_load
from .voice import experiences_load

# Dependants first: an action's updates, then the plan's actions, then the
# plan. Rows that exist only as part of a record (signatories, links, sign-
# offs, audit rows) are not marked: they go with it.
REMOVAL_ORDER = (
    ConsultationResponse,
    Consultation,
    ProgressUpdate,
    Action,
    ImprovementPlan,
    Response,
    Experience,
    Letter,
)


@transaction.atomic
def demo_load(*, seed: int, letters: int, experiences: int, progress) -> dict:
    """Add the demonstration content; how many of each thing were made.
    `progress(label)` gives a callable `(done, total)` for each long part."""
    seeded = Seeded.read(seed)
    made = letters_load(seeded, letters, progress("Letters"))
    made |= experiences_load(seeded, experiences, progress("Experiences"))
    if experiences:
        responses = responses_load(seeded, made["published"])
        made["responses"] = len(responses)
        made["published_responses"] = sum(bool(r.published_at) for r in responses)
        made |= plan_load(seeded, responses)
        made |= consultations_load(seeded)
    # Written in bulk, which sends no signals.
    public_pages_changed()
    return made


@transaction.atomic
def demo_remove() -> dict:
    """Delete every demonstration record and what hangs on it, and switch the
    demonstration accounts off; how many of each were removed."""
    DemoRecord.objects.of(Letter).update(in_reply_to=None)
    removed = {
        model._meta.verbose_name_plural: _delete(model) for model in REMOVAL_ORDER
    }
    removed["accounts switched off"] = accounts_deactivate()
    public_pages_changed()
    return removed


def _delete(model) -> int:
    ids = list(DemoRecord.objects.of(model).values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        model.objects.filter(pk__in=ids[start : start + BATCH]).delete()
    DemoRecord.objects.for_model(model).delete()
    return len(ids)
