"""The shared cache on Redis: Django's own backend, keeping one Redis client
for each connection pool.

Django's client makes a new `redis.Redis` for every call, and each one builds
its table of some 170 response handlers: about 150 microseconds, more than
the rest of answering a kept public page. The client holds nothing but its
pool and that table, and is safe to share, so one is made per pool and kept.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class KeptClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    """`django.core.cache.backends.redis.RedisCache`, its client kept."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient

    def publish(self, channel: str, message: str = "") -> None:
        """Send `message` to every process subscribed to `channel` (named
        like a key, so sites sharing a Redis do not hear each other)."""
        self._cache.get_client(write=True).publish(self.make_key(channel), message)

    def subscribe(self, channel: str):
        """A redis-py PubSub subscribed to `channel`, for one process to
        read without waiting (`get_message(timeout=0)`)."""
        listener = self._cache.get_client(write=False).pubsub()
        listener.subscribe(self.make_key(channel))
        return listener
