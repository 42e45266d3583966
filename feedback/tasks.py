"""Jobs for the worker: telling people a response is published, and
preparing the spreadsheets staff ask for."""

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


@task()
def prepare_export(export_id: int) -> str:
    """Write a staff export's file; never raises, so no traceback (which
    could quote what people wrote) is stored with the task."""
    export = services.export_prepare(export_id=export_id)
    return export.status if export else "gone"
