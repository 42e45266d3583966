"""The Redis cache backend keeps one client for each connection pool (Django's
makes one for every call), and announces on a channel. The first tests need
no server (a client connects only when first used); the last needs Redis at
TEST_REDIS_URL and skips without it, unless REQUIRE_REDIS is set (CI sets
both), when it fails instead."""

import os
import uuid

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from core.cache import RedisCache

TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def backend(location="redis://127.0.0.1:6379/15"):
    return RedisCache(location, {})


def test_every_call_gets_the_same_client():
    cache = backend()

    first = cache._cache.get_client(write=True)

    assert cache._cache.get_client(write=True) is first
    assert cache._cache.get_client(write=False) is first


def test_a_second_server_for_reading_has_a_client_of_its_own():
    cache = backend("redis://127.0.0.1:6379/15,redis://127.0.0.1:6380/15")

    writer = cache._cache.get_client(write=True)
    readers = {id(cache._cache.get_client(write=False)) for _ in range(20)}

    assert writer.connection_pool.connection_kwargs["port"] == 6379
    assert id(writer) not in readers
    assert len(readers) == 1


@pytest.fixture
def redis_cache():
    cache = RedisCache(TEST_REDIS_URL, {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    try:
        cache.get("anything")
    except RedisConnectionError:
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(
                f"REQUIRE_REDIS is set but no Redis answers at {TEST_REDIS_URL}"
            )
        pytest.skip(f"no Redis at {TEST_REDIS_URL} (set REQUIRE_REDIS to fail)")
    return cache


def test_an_announcement_reaches_every_subscriber_and_no_other_site(redis_cache):
    other_site = RedisCache(TEST_REDIS_URL, {"KEY_PREFIX": "another-site"})
    listener = redis_cache.subscribe("changes")
    stranger = other_site.subscribe("changes")
    assert listener.get_message(timeout=1)["type"] == "subscribe"
    assert stranger.get_message(timeout=1)["type"] == "subscribe"

    redis_cache.publish("changes")

    heard = listener.get_message(timeout=1)
    assert heard["type"] == "message"
    assert stranger.get_message(timeout=0.2) is None
    assert listener.get_message(timeout=0) is None
    listener.close()
    stranger.close()
