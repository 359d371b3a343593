"""A Redis cache that degrades to no cache: while Redis is unreachable every
read is a miss and every write is dropped, so callers compute instead of
failing. The outage is logged once when it starts and once when it ends."""

import logging
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Refused, reset, unresolvable, still loading its data, or too slow to answer.
# A ResponseError (a wrong command, OOM, a read-only replica) is not an outage
# of the connection and still raises.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
DEFAULT_TIMEOUT_SECONDS = 0.25
DEFAULT_RETRY_SECONDS = 5.0


class _Outage:
    """Whether one Redis location is down, shared by every thread of the
    process: the cache handler makes a backend per thread, and the outage
    should be logged once per process, not once per thread."""

    def __init__(self, name: str):
        self.name = name
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.retry_at = 0.0

    def should_try(self) -> bool:
        return self.down_since is None or time.monotonic() >= self.retry_at

    def failed(self, error: Exception, retry_seconds: float) -> None:
        with self.lock:
            now = time.monotonic()
            self.retry_at = now + retry_seconds
            if self.down_since is None:
                self.down_since = now
                logger.warning(
                    "Redis cache %s is unreachable (%s); serving without the "
                    "cache, retrying every %g s",
                    self.name,
                    error,
                    retry_seconds,
                )

    def succeeded(self) -> None:
        if self.down_since is None:
            return
        with self.lock:
            if self.down_since is not None:
                logger.info(
                    "Redis cache %s is reachable again after %.0f s",
                    self.name,
                    time.monotonic() - self.down_since,
                )
                self.down_since = None


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_for(servers: list[str]) -> _Outage:
    name = ", ".join(_without_credentials(server) for server in servers)
    with _outages_lock:
        return _outages.setdefault(name, _Outage(name))


def _without_credentials(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


class _ResilientClient(RedisCacheClient):
    """Django's Redis client, each call answering as a miss when Redis cannot
    be reached. After a failure Redis is left alone for *retry_seconds*, so a
    hung server costs one timeout per interval, not one per cache call."""

    def __init__(self, servers, *, outage: _Outage, retry_seconds: float, **options):
        super().__init__(servers, **options)
        self._outage = outage
        self._retry_seconds = retry_seconds

    def _guarded(self, miss, operation, *args):
        if not self._outage.should_try():
            return miss
        try:
            result = operation(*args)
        except UNREACHABLE as error:
            self._outage.failed(error, self._retry_seconds)
            return miss
        self._outage.succeeded()
        return result

    def add(self, key, value, timeout):
        return self._guarded(False, super().add, key, value, timeout)

    def get(self, key, default):
        return self._guarded(default, super().get, key, default)

    def set(self, key, value, timeout):
        self._guarded(None, super().set, key, value, timeout)

    def touch(self, key, timeout):
        return self._guarded(False, super().touch, key, timeout)

    def delete(self, key):
        return self._guarded(False, super().delete, key)

    def get_many(self, keys):
        return self._guarded({}, super().get_many, keys)

    def has_key(self, key):
        return self._guarded(False, super().has_key, key)

    def incr(self, key, delta):
        result = self._guarded(None, super().incr, key, delta)
        if result is None:
            # What incr() raises for a missing key: to its callers, a cache
            # that cannot be reached holds nothing.
            raise ValueError(f"Key '{key}' not found.")
        return result

    def set_many(self, data, timeout):
        self._guarded(None, super().set_many, data, timeout)

    def delete_many(self, keys):
        self._guarded(None, super().delete_many, keys)

    def clear(self):
        return self._guarded(False, super().clear)


class ResilientRedisCache(RedisCache):
    """Django's RedisCache that never raises for an unreachable Redis.

    OPTIONS take redis-py's connection arguments, with short socket timeouts
    by default, and RETRY_SECONDS: how long to skip Redis after a failure.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self._retry_seconds = float(options.pop("RETRY_SECONDS", DEFAULT_RETRY_SECONDS))
        options.setdefault("socket_connect_timeout", DEFAULT_TIMEOUT_SECONDS)
        options.setdefault("socket_timeout", DEFAULT_TIMEOUT_SECONDS)
        super().__init__(server, {**params, "OPTIONS": options})

    @cached_property
    def _cache(self):
        return _ResilientClient(
            self._servers,
            outage=_outage_for(self._servers),
            retry_seconds=self._retry_seconds,
            **self._options,
        )
