"""Jobs for the worker (`manage.py db_worker`): the fan-out of each
announcement, the weekly digests, and what the clock announces."""

from django_tasks import task

from .clock import announce_due, nudge_due
from .digests import digests_send
from .fanout import announcement_fan_out, fan_outs_sweep


@task()
def fan_out(announcement_pk: int) -> int:
    """Tell the followers of one announcement; the number of emails queued."""
    return announcement_fan_out(announcement_id=announcement_pk)


@task()
def send_digests() -> int:
    return digests_send()


@task()
def announce_by_the_clock() -> int:
    made = announce_due()
    fan_outs_sweep()
    return made


@task()
def send_staff_nudges() -> int:
    return nudge_due()
