"""The shared Redis cache, falling back to this process's memory while Redis is unreachable.

The cache holds security state: allauth's rate-limit counters (failed logins, password resets)
and its markers of used TOTP codes. Answering "nothing stored" during an outage would switch
that protection off, so every operation is served instead by a local in-memory cache owned by
this process: the limits keep holding per process until Redis answers again. Redis is retried
after `RETRY_SECONDS`; /api/v1/health/ reports the cache as degraded meanwhile.
"""

import functools
import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)
# A dead Redis is asked again after this long; meanwhile calls go straight to the fallback,
# so requests do not each wait for a connection timeout.
RETRY_SECONDS = 5.0
# While Redis stays down, one warning per this many seconds is enough to see the outage.
LOG_EVERY_SECONDS = 60.0
# allauth keeps one counter per account and address; room for many of them in one process.
FALLBACK_MAX_ENTRIES = 50_000


class _Outage:
    """Process-wide state of one Redis location, shared by every thread's cache instance."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_since: float | None = None
        self.retry_at = 0.0
        self.logged_at = float("-inf")

    def skip_redis(self) -> bool:
        with self.lock:
            return self.down_since is not None and time.monotonic() < self.retry_at

    def failed(self, location: str, operation: str, error: Exception) -> None:
        now = time.monotonic()
        with self.lock:
            if self.down_since is None:
                self.down_since = now
            self.retry_at = now + RETRY_SECONDS
            should_log = now - self.logged_at >= LOG_EVERY_SECONDS
            if should_log:
                self.logged_at = now
        if should_log:
            logger.warning(
                "Redis cache at %s unreachable (%s: %s); serving the cache from this process's "
                "memory, retrying every %.0f s",
                location,
                operation,
                error,
                RETRY_SECONDS,
            )

    def answered(self, location: str) -> None:
        with self.lock:
            if self.down_since is None:
                return
            outage = time.monotonic() - self.down_since
            self.down_since = None
            self.logged_at = float("-inf")
        logger.warning("Redis cache at %s answers again after %.0f s", location, outage)

    @property
    def active(self) -> bool:
        return self.down_since is not None


# Django creates a cache instance per thread (and per request context under ASGI), so the
# outage state and the fallback's contents are kept per process, keyed by the Redis location.
_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_for(location: str) -> _Outage:
    with _outages_lock:
        return _outages.setdefault(location, _Outage())


# For the same reason each instance would open its own Redis connection pool: under ASGI every
# page opened new connections. One client per location and options serves the process; its
# connection pool is thread-safe.
_clients: dict[tuple, object] = {}
_clients_lock = threading.Lock()


def _with_fallback(method):
    name = method.__name__

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        if self._outage.skip_redis():
            return getattr(self.fallback, name)(*args, **kwargs)
        try:
            result = method(self, *args, **kwargs)
        except UNREACHABLE as error:
            self._outage.failed(self._location, name, error)
            return getattr(self.fallback, name)(*args, **kwargs)
        self._outage.answered(self._location)
        return result

    return wrapper


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = ",".join(self._servers)
        self._outage = _outage_for(self._location)
        # LocMemCache keeps its data in module-level dictionaries keyed by this name, so every
        # instance in the process shares one fallback store.
        self.fallback = LocMemCache(
            f"redis-fallback:{self._location}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": self.key_prefix,
                "VERSION": self.version,
                "KEY_FUNCTION": self.key_func,
                "OPTIONS": {"MAX_ENTRIES": FALLBACK_MAX_ENTRIES},
            },
        )

    @functools.cached_property
    def _cache(self):
        key = (self._location, repr(sorted(self._options.items())))
        with _clients_lock:
            if key not in _clients:
                _clients[key] = self._class(self._servers, **self._options)
            return _clients[key]

    def fallback_in_use(self) -> bool:
        """Whether Redis failed and has not answered since."""
        return self._outage.active

    @_with_fallback
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_with_fallback
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @_with_fallback
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @_with_fallback
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @_with_fallback
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_with_fallback
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_with_fallback
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @_with_fallback
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)

    @_with_fallback
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @_with_fallback
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @_with_fallback
    def clear(self):
        # Counters left in the fallback from an earlier outage must not come back in the next.
        self.fallback.clear()
        return super().clear()
