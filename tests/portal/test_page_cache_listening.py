"""Where the shared cache can announce new generations (Redis), each process
keeps its copy of the current one and serves kept pages without asking the
cache; an announcement, a lost subscription or a second without news makes it
read the cache again (core.page_cache._Generation)."""

import time
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from letters.services import letter_publish
from tests.factories import LetterFactory


class Channel:
    """The test cache, with a channel as core.cache.RedisCache has one: each
    subscriber has its own queue; `fail` makes the next read break."""

    def __init__(self, cache):
        self.cache = cache
        self.queues = []
        self.fail = False
        self.reads = 0

    def get(self, key, *args, **kwargs):
        if key == "public-pages:generation":
            self.reads += 1
        return self.cache.get(key, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.cache, name)

    def publish(self, channel, message=""):
        for queue in self.queues:
            queue.append(message)

    def subscribe(self, channel):
        queue = ["subscribed"]
        self.queues.append(queue)
        channel_cache = self

        class Listener:
            def get_message(self, timeout=0):
                if channel_cache.fail:
                    raise ConnectionError("the connection to Redis was lost")
                return queue.pop(0) if queue else None

            def close(self):
                channel_cache.queues.remove(queue)

        return Listener()


@pytest.fixture
def channel(monkeypatch):
    from django.core.cache import cache

    from core import page_cache

    channel = Channel(cache)
    monkeypatch.setattr(page_cache, "cache", channel)
    monkeypatch.setattr(page_cache, "_GENERATION", page_cache._Generation())
    return channel


def another_server_starts_a_generation(channel, *, announce=True):
    """What a write on another server does: a new generation in the shared
    cache, announced on the channel (or, to show what the announcement is
    for, not)."""
    token = f"elsewhere-{uuid.uuid4().hex}"
    channel.cache.set("public-pages:generation", (token, None), None)
    if announce:
        channel.publish("public-pages:changes")


def drawn(client, url) -> bool:
    """Whether the page was drawn (queries run), not answered as kept."""
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries) > 0


def move_clock_past(monkeypatch, seconds: float) -> None:
    from core import page_cache

    later = time.monotonic() + seconds + 0.1
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: later)


def test_a_listening_process_serves_kept_pages_without_asking_the_cache(
    client, seeded_kent, channel
):
    url = reverse("letters:list")
    client.get(url)
    reads = channel.reads

    for _ in range(5):
        client.get(url)

    assert channel.reads == reads


def test_an_announced_generation_is_used_by_the_next_request(
    client, seeded_kent, channel
):
    url = reverse("letters:list")
    client.get(url)
    assert not drawn(client, url)

    another_server_starts_a_generation(channel)

    assert drawn(client, url)


def test_without_the_announcement_the_copy_is_read_again_within_a_second(
    client, seeded_kent, channel, monkeypatch
):
    from core import page_cache

    url = reverse("letters:list")
    client.get(url)
    another_server_starts_a_generation(channel, announce=False)
    assert not drawn(client, url)

    move_clock_past(monkeypatch, page_cache.RECHECK_SECONDS)

    assert drawn(client, url)


def test_a_lost_subscription_reads_the_cache_every_time_until_it_is_made_again(
    client, seeded_kent, channel, monkeypatch
):
    from core import page_cache

    url = reverse("letters:list")
    client.get(url)
    channel.fail = True
    reads = channel.reads
    client.get(url)
    client.get(url)
    assert channel.reads == reads + 2
    assert channel.queues == []

    channel.fail = False
    move_clock_past(monkeypatch, page_cache.RETRY_SECONDS)
    client.get(url)
    assert len(channel.queues) == 1
    reads = channel.reads
    client.get(url)
    assert channel.reads == reads


def test_a_change_written_here_is_announced(client, seeded_kent, editor, channel):
    heard = channel.subscribe("public-pages:changes")
    assert heard.get_message() == "subscribed"
    draft = LetterFactory(draft=True, title="A brand new letter")

    letter_publish(letter=draft, actor=editor)

    assert heard.get_message() is not None
    assert b"A brand new letter" in client.get(reverse("letters:list")).content
