"""What `manage.py bench` measures inside a process on the scratch database:
the pages it asks for, the queries each runs, copies of their bytes for the
static comparison, the experiences stored by the journeys, and the CSV
export's time and memory."""

import resource
import time
import tracemalloc
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import DemoRecord
from feedback import services
from feedback.models import Experience, ExportFile, Response
from letters.models import AreaOfWeakness, Letter
from plans.models import Action

from .journey import MARK
from .scratch import is_scratch

# The seeded 2022 revisit letter: the demonstration letters answer it most.
LETTER = "ofsted-cqc-revisit-letter-kent-2022"
SEARCH = "/search/?q=EHC+plan"
# While counting, the cache is in this process's memory and empty at first,
# so that a count is of the page's own queries, not the cache table's.
LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ANALYST = "bench-analyst"


def refuse_unless_scratch() -> None:
    if not is_scratch(connection.settings_dict["NAME"]):
        raise RuntimeError(
            "The bench's probe runs only on a scratch database the bench made, "
            f"not {connection.settings_dict['NAME']!r}."
        )


def _first(queryset):
    found = queryset.order_by("pk").first()
    if found is None:
        raise RuntimeError(f"No {queryset.model._meta.verbose_name} to measure.")
    return found


def public_pages() -> list[tuple[str, str]]:
    """(name, address) of each public page measured."""
    letter = (
        Letter.objects.published().filter(slug=LETTER).first()
        or Letter.objects.published().order_by("-date").first()
    )
    area = _first(AreaOfWeakness.objects.all())
    action = _first(DemoRecord.objects.of(Action).select_related("plan"))
    experiences = reverse("feedback:experiences")
    return [
        ("home", reverse("home")),
        ("letters", reverse("letters:list")),
        ("a letter", letter.get_absolute_url()),
        ("areas", reverse("letters:areas")),
        ("an area", area.get_absolute_url()),
        ("experiences", experiences),
        ("experiences in an area", f"{experiences}?area={area.slug}"),
        ("you said, we did", reverse("feedback:responses")),
        ("a response", _first(Response.objects.published()).get_absolute_url()),
        ("progress", reverse("plans:index")),
        ("an action", action.get_absolute_url()),
        ("search", SEARCH),
        ("sitemap", reverse("sitemap")),
    ]


def page_queries(pages: list[tuple[str, str]]) -> dict[str, int]:
    """The queries each page runs when rendered (the page cache missed)."""
    refuse_unless_scratch()
    counts = {}
    client = Client()
    with override_settings(CACHES=LOCAL_CACHE):
        cache.clear()
        # A page not measured starts the cache's generation (a query once per
        # change to public pages), so each count is the page's own; each page
        # is then asked for once, and so rendered.
        client.get(reverse("glossary"))
        for name, address in pages:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(address)
            if response.status_code != 200:
                raise RuntimeError(f"{address} answered {response.status_code}.")
            counts[name] = len(queries)
    return counts


def page_copies(pages: list[tuple[str, str]], folder: Path) -> dict[str, tuple]:
    """Write each page's bytes into `folder` under STATIC_ROOT; the static
    address and the size of each copy."""
    refuse_unless_scratch()
    folder.mkdir(parents=True, exist_ok=True)
    root = Path(settings.STATIC_ROOT)
    client = Client()
    copies = {}
    for n, (name, address) in enumerate(pages):
        path = folder / f"page-{n}.html"
        content = client.get(address).content
        path.write_bytes(content)
        copies[name] = (settings.STATIC_URL + str(path.relative_to(root)), len(content))
    return copies


def stored_journeys() -> int:
    refuse_unless_scratch()
    return Experience.objects.filter(what_happened__startswith=MARK).count()


def _analyst():
    user, _ = get_user_model().objects.get_or_create(username=ANALYST)
    user.groups.add(Group.objects.get(name="Analyst"))
    return get_user_model().objects.get(pk=user.pk)


def _export(actor) -> tuple[int, int]:
    """The worker's part of an export of every experience: rows and bytes
    written. The file is deleted afterwards."""
    queued = ExportFile.objects.create(requested_by=actor)
    prepared = services.export_prepare(export_id=queued.pk)
    if prepared.status != ExportFile.Status.READY:
        raise RuntimeError("The export could not be prepared.")
    prepared.file.delete(save=False)
    prepared.delete()
    return Experience.objects.active().count(), prepared.size


def export_cost() -> dict:
    """The whole experiences export as the worker writes it: its time,
    then (a second run) the peak of Python's allocations while it runs, and
    how far the process's resident memory grew over both."""
    refuse_unless_scratch()
    actor = _analyst()
    resident = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    rows, size = _export(actor)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    try:
        _export(actor)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - resident
    return {
        "rows": rows,
        "bytes": size,
        "seconds": seconds,
        "peak_bytes": peak,
        "resident_growth_bytes": grown * 1024,
    }
