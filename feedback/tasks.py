"""Jobs for the worker: telling people a response is published."""

from django_tasks import task

from . import services
from .models import Response


@task()
def notify_response(response_id: int) -> int:
    """Queue the emails for a newly published response (one task per
    recipient follows); run by the worker, so publishing never waits."""
    response = Response.objects.filter(pk=response_id).first()
    if response is None or response.status != Response.Status.PUBLISHED:
        return 0
    return services.response_notify(response=response)
