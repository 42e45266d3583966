"""Public pages from the shared cache, and what browsers and CDNs may keep.

A view decorated with `public_page` is served to anyone without a session
from the shared cache (Redis, or the database cache on one server), by
`PublicPageCacheMiddleware`, the first middleware, under a key that holds
the current *generation*. Any change to what public pages show
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
import os
import secrets
import threading
import time
from collections import OrderedDict
from contextlib import suppress
from datetime import datetime
from functools import lru_cache, wraps

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from redis.exceptions import RedisError

from .sections import Slot

PUBLIC = "public, max-age=60, stale-while-revalidate=600"
PRIVATE = "private, no-store"
# How long the shared cache keeps a page of a generation no longer asked for.
PAGE_SECONDS = 3600
GENERATION_KEY = "public-pages:generation"
# Where each new generation is announced to every listening process; the
# longest a process keeps its copy without hearing; how long it waits to
# listen again after its subscription failed.
CHANGES_CHANNEL = "public-pages:changes"
RECHECK_SECONDS = 1.0
RETRY_SECONDS = 5.0
# Each process also keeps the pages it served last, in memory.
LOCAL_PAGES = 300

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
    The writer pays for finding that moment, not the next visitor. Every
    process that listens is told (`_Generation`)."""
    fresh = (secrets.token_hex(8), next_change_after(timezone.now()))
    cache.set(GENERATION_KEY, fresh, timeout=None)
    if hasattr(cache, "publish"):
        cache.publish(CHANGES_CHANNEL)
    _GENERATION.forget()
    return fresh[0]


class _Generation:
    """This process's copy of the current generation, where the shared cache
    can say when it changes (Redis: `core.cache.RedisCache`).

    Every new generation is announced on a channel after it is written. Each
    request first reads, without waiting, whatever announcements have reached
    this process's subscription; any at all, and the generation is read
    again from the shared cache. A request that starts after a change was
    written finds its announcement already here (Redis sends it before it
    answers the writer), so no page is served from a generation that has
    ended, and a kept page costs no round trip to Redis. Should the
    subscription fail, every request reads the generation from the cache, as
    with the database cache, until it is made again; and the copy is read
    afresh at least every RECHECK_SECONDS whatever happens.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.listener = None
        self.owner = None
        self.retry_at = 0.0
        self.value = None
        self.read_at = 0.0

    def read(self):
        """The current (token, good until) or None, as the shared cache has it."""
        with self.lock:
            now = time.monotonic()
            if not self._listening(now) or self._announced(now):
                self.value = None
            if self.value is None or now - self.read_at > RECHECK_SECONDS:
                self.value = cache.get(GENERATION_KEY)
                self.read_at = now
            return self.value

    def forget(self) -> None:
        with self.lock:
            self.value = None

    def _listening(self, now: float) -> bool:
        if self.listener is not None and self.owner == os.getpid():
            return True
        self.listener = None
        if not hasattr(cache, "subscribe") or now < self.retry_at:
            return False
        try:
            self.listener = cache.subscribe(CHANGES_CHANNEL)
        except (RedisError, OSError):
            self._stop(now)
            return False
        self.owner = os.getpid()
        return True

    def _announced(self, now: float) -> bool:
        """Whether anything came on the channel (every message read)."""
        heard = False
        try:
            while self.listener.get_message(timeout=0) is not None:
                heard = True
        except (RedisError, OSError):
            self._stop(now)
            return True
        return heard

    def _stop(self, now: float) -> None:
        listener, self.listener = self.listener, None
        self.retry_at = now + RETRY_SECONDS
        if listener is not None:
            with suppress(RedisError, OSError):
                listener.close()


_GENERATION = _Generation()


def current_generation() -> str:
    """The current generation's token; a new one if there is none (an empty
    cache) or the clock has passed the moment it was good until."""
    current = _GENERATION.read()
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


class _Recent:
    """The pages this process served last, by key, at most `size` of them.
    A page never changes under its key (a change starts a new generation),
    so a copy here cannot be stale; keys of past generations fall out as new
    ones come in. Kept as they are, never copied or pickled."""

    def __init__(self, size: int):
        self.size = size
        self.pages = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            kept = self.pages.get(key)
            if kept is not None:
                self.pages.move_to_end(key)
            return kept

    def set(self, key: str, kept) -> None:
        with self.lock:
            self.pages[key] = kept
            self.pages.move_to_end(key)
            while len(self.pages) > self.size:
                self.pages.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()


_LOCAL = _Recent(LOCAL_PAGES)


def _kept(key: str):
    """A kept page: from this process's memory, else the shared cache (and
    then remembered here)."""
    kept = _LOCAL.get(key)
    if kept is None:
        kept = cache.get(key)
        if kept is not None:
            _LOCAL.set(key, kept)
    return kept


def _keep(key: str, response) -> None:
    kept = (response.content, tuple(response.headers.items()))
    cache.set(key, kept, PAGE_SECONDS)
    _LOCAL.set(key, kept)


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


@lru_cache(maxsize=2048)
def _public_path(path: str) -> bool:
    """Whether the address is a page some view marked public: the URLs do
    not change while a process runs, so each address is looked up once."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return getattr(match.func, "is_public_page", False)


def _served_here(request) -> bool:
    """Whether a kept page may answer: not a request Django's
    SecurityMiddleware would send to HTTPS first, and only for a host the
    site allows (`get_host` refuses any other, as the rest of the stack
    would)."""
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return False
    request.get_host()
    return True


class PublicPageCacheMiddleware:
    """First in the stack: a kept public page is answered here, before any
    other middleware runs; a page that a view marked public is kept on its
    way out, with every header the rest of the stack added (the security
    headers among them). The key is taken before the view runs, so a page
    drawn while content changed is kept under the generation that change
    ended."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        wanted = (
            _anonymous_read(request)
            and _public_path(request.path_info)
            and _served_here(request)
        )
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
