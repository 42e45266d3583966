"""Public pages from the shared cache, and what browsers and CDNs may keep.

A view decorated with `public_page` is served to anyone without a session
from the shared cache (Redis, or the database cache on one server), by
`PublicPageCacheMiddleware` before most of the middleware runs, under a key
that holds the current *generation*. Any change to what public pages show
starts a new generation at once, so no visitor waits out a timeout to see it:

- Models whose rows appear on public pages mix in `PublicContent`; saving or
  deleting one (or changing its many-to-many links) calls
  `public_pages_changed()`. Bulk writes that send no signals call it
  themselves.
- `public_pages_changed()` starts a new generation now and again after the
  transaction commits, so a page rendered from the old rows while the change
  was being written is never kept under the generation that follows it.
- Something that becomes public by the clock alone (a scheduled letter) is
  found through the slot `core.public_pages_next_change`: each filler returns
  the next moment its content changes by itself, or None. The generation
  lasts until the earliest of them.
- The key also holds today's date, for pages that say "overdue" or "today",
  and the static files' manifest hash, so that after a deploy no kept page
  names a stylesheet that is gone. `seed_content`, run at every deploy
  (docs/deploy.md), starts a new generation for changed templates.

Public pages say `Cache-Control: public, max-age=60, stale-while-revalidate=600`
and carry an ETag (a matching `If-None-Match` gets a 304). Every other
response that does not say otherwise is `private, no-store`
(`PrivateByDefaultMiddleware`): the journeys, the partner area, the staff
admin. A public page asked for by someone with a session (a signed-in member
of staff, a parent part-way through the journey) is rendered for them and
marked private too, and a page that sets a cookie is never kept.
"""

import hashlib
import secrets
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control

from .sections import Slot

PUBLIC = "public, max-age=60, stale-while-revalidate=600"
PRIVATE = "private, no-store"
# How long the shared cache keeps a page of a generation no longer asked for.
PAGE_SECONDS = 3600
GENERATION_KEY = "public-pages:generation"
# Each process also keeps the pages it serves most, in memory.
_LOCAL = LocMemCache("public-pages", {"TIMEOUT": PAGE_SECONDS, "MAX_ENTRIES": 300})

NEXT_CHANGE = Slot("core.public_pages_next_change")


class PublicContent:
    """Mixed into a model whose rows are shown on public pages."""

    def changes_public_pages(self, *, created: bool) -> bool:
        """Whether this write changes a public page (by default, every one)."""
        return True


def public_pages_changed() -> None:
    """Start a new generation of public pages, now and after commit."""
    _start_generation()
    transaction.on_commit(_start_generation)


def _start_generation() -> str:
    """A new token, good until public pages next change by the clock alone.
    The writer pays for finding that moment, not the next visitor."""
    fresh = (secrets.token_hex(8), next_change_after(timezone.now()))
    cache.set(GENERATION_KEY, fresh, timeout=None)
    return fresh[0]


def current_generation() -> str:
    """The current generation's token; a new one if there is none (an empty
    cache) or the clock has passed the moment it was good until."""
    current = cache.get(GENERATION_KEY)
    if current is not None and (current[1] is None or timezone.now() < current[1]):
        return current[0]
    return _start_generation()


def _release() -> str:
    """The static files' manifest hash (empty without a manifest): a deploy
    whose stylesheet or scripts changed keeps new pages, never ones that name
    files it no longer serves."""
    return getattr(staticfiles_storage, "manifest_hash", "") or ""


def _page_key(request) -> str:
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    day = timezone.localdate()
    return f"public-page:{_release()}:{current_generation()}:{day:%Y%m%d}:{address}"


def _anonymous_read(request) -> bool:
    """A GET or HEAD with no session: the page cannot hold anything of the
    visitor's own."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


def _keepable(response) -> bool:
    return response.status_code == 200 and not response.cookies


def _etag(content: bytes) -> str:
    return '"' + hashlib.sha256(content).hexdigest()[:32] + '"'


def _from_kept(kept) -> HttpResponse:
    content, headers = kept
    response = HttpResponse(content)
    for name, value in headers:
        response.headers[name] = value
    return response


def _kept(key: str):
    """A kept page: from this process's memory, else the shared cache (and
    then remembered here). A page never changes under its key, since a change
    starts a new generation, so the copy in memory cannot be stale."""
    kept = _LOCAL.get(key)
    if kept is None:
        kept = cache.get(key)
        if kept is not None:
            _LOCAL.set(key, kept, PAGE_SECONDS)
    return kept


def _keep(key: str, response) -> None:
    kept = (response.content, list(response.headers.items()))
    cache.set(key, kept, PAGE_SECONDS)
    _LOCAL.set(key, kept, PAGE_SECONDS)


def public_page(view):
    """Mark `view` (a GET-only page anyone may read) as public: for a visitor
    without a session its response gets an ETag and public caching headers,
    and `PublicPageCacheMiddleware` keeps it; for anyone else it is private."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if not (_anonymous_read(request) and _keepable(response)):
            patch_cache_control(response, private=True, no_store=True)
            return response
        response["ETag"] = _etag(response.content)
        response["Cache-Control"] = PUBLIC
        response.public_page = True
        return response

    wrapped.is_public_page = True
    return wrapped


def _public_view(request) -> bool:
    """Whether the address is a page some view marked public."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return getattr(match.func, "is_public_page", False)


class PublicPageCacheMiddleware:
    """Early in the stack (after WhiteNoise): a kept public page is answered
    here, before sessions, authentication and CSRF protection run; a page that
    a view marked public is kept on its way out, with every header the later
    middleware added. The key is taken before the view runs, so a page drawn
    while content changed is kept under the generation that change ended."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        wanted = _anonymous_read(request) and _public_view(request)
        key = _page_key(request) if wanted else None
        if key is not None and (kept := _kept(key)) is not None:
            return self._answer(request, _from_kept(kept))
        response = self.get_response(request)
        if key is None or not getattr(response, "public_page", False):
            return response
        _keep(key, response)
        return self._answer(request, response)

    @staticmethod
    def _answer(request, response):
        """The page, or 304 Not Modified for a browser that has it."""
        return get_conditional_response(
            request, etag=response["ETag"], response=response
        )


class PrivateByDefaultMiddleware:
    """`Cache-Control: private, no-store` on every response that does not set
    its own: nothing is public unless a view says so."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Cache-Control" not in response.headers:
            response["Cache-Control"] = PRIVATE
        return response


def _saved(sender, instance, created=False, **kwargs):
    if instance.changes_public_pages(created=created):
        public_pages_changed()


def _deleted(sender, instance, **kwargs):
    public_pages_changed()


def _links_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and isinstance(instance, PublicContent):
        if instance.changes_public_pages(created=False):
            public_pages_changed()


def watch(models) -> None:
    """Connect the signals of every `PublicContent` model among `models`."""
    for model in models:
        if issubclass(model, PublicContent) and not model._meta.abstract:
            uid = f"public-pages:{model._meta.label}"
            post_save.connect(_saved, sender=model, dispatch_uid=uid)
            post_delete.connect(_deleted, sender=model, dispatch_uid=uid)
            for field in model._meta.local_many_to_many:
                m2m_changed.connect(
                    _links_changed,
                    sender=field.remote_field.through,
                    dispatch_uid=f"{uid}:{field.name}",
                )


def next_change_after(now: datetime) -> datetime | None:
    """The earliest moment public pages change by the clock alone."""
    changes = [moment for moment in NEXT_CHANGE.parts(now) if moment > now]
    return min(changes) if changes else None
