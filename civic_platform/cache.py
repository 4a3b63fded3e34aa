"""The shared Redis cache, failing open when Redis cannot be reached.

The cache holds nothing that cannot be lost (rate-limit counters, used TOTP codes, computed
fragments); sessions and data live in the database. So when Redis is down, sign-in and pages
keep working as if the cache were empty, each failure is logged, and /api/v1/health/ reports
the cache as not storing values.
"""

import functools
import logging

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _fail_open(fallback):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE as error:
                logger.warning("Cache %s skipped, Redis unreachable: %s", method.__name__, error)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


class ResilientRedisCache(RedisCache):
    @_fail_open(lambda key, default=None, version=None: default)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_fail_open(lambda *args, **kwargs: True)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # "Stored as new": a lost store must not make every value look already taken.
        return super().add(key, value, timeout, version)

    @_fail_open(lambda *args, **kwargs: None)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @_fail_open(lambda *args, **kwargs: False)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @_fail_open(lambda *args, **kwargs: False)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_fail_open(lambda *args, **kwargs: {})
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_fail_open(lambda *args, **kwargs: False)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @_fail_open(lambda key, delta=1, version=None: delta)
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)

    @_fail_open(lambda data, *args, **kwargs: list(data))
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @_fail_open(lambda *args, **kwargs: None)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @_fail_open(lambda *args, **kwargs: False)
    def clear(self):
        return super().clear()
