"""Checks behind /api/v1/health/: each component's state word and, for staff, why."""

import uuid
from typing import Literal, NamedTuple

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import caches
from django.db import connection

from civic_platform.cache import ResilientRedisCache
from search.backend import backend_name, backend_status

OK, DEGRADED, DOWN = "ok", "degraded", "down"
STATES = (OK, DEGRADED, DOWN)
COMPONENTS = ("database", "cache", "channel_layer", "search")


class ComponentHealth(NamedTuple):
    state: Literal["ok", "degraded", "down"]
    # Why, in a few words; may name exception classes, so it is shown to staff only.
    detail: str


def _unreachable(error: Exception) -> ComponentHealth:
    return ComponentHealth(DOWN, f"unreachable: {type(error).__name__}")


def database_health() -> ComponentHealth:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - report, never raise, from a health check
        return _unreachable(error)
    return ComponentHealth(OK, "ok")


def cache_health() -> ComponentHealth:
    cache = caches["default"]
    key = f"health:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=10)
        answered = cache.get(key)
        cache.delete(key)
    except Exception as error:  # noqa: BLE001
        return _unreachable(error)
    if isinstance(cache, ResilientRedisCache) and cache.fallback_in_use():
        return ComponentHealth(DEGRADED, "Redis unreachable: serving from process memory")
    if answered != "1":
        return ComponentHealth(DEGRADED, "not storing values")
    return ComponentHealth(OK, "ok")


async def _channel_layer_round_trip() -> bool:
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "health.ping"})
    message = await layer.receive(channel)
    return message.get("type") == "health.ping"


def channel_layer_health() -> ComponentHealth:
    if get_channel_layer() is None:
        return ComponentHealth(DOWN, "not configured")
    try:
        ok = async_to_sync(_channel_layer_round_trip)()
    except Exception as error:  # noqa: BLE001
        return _unreachable(error)
    return ComponentHealth(OK, "ok") if ok else ComponentHealth(DOWN, "message lost")


def search_health() -> ComponentHealth:
    status = backend_status()
    return ComponentHealth(OK, "ok") if status == "ok" else ComponentHealth(DOWN, status)


def backends_in_use() -> dict[str, str]:
    """Which implementation serves each component: embedded or at scale."""
    layer = get_channel_layer()
    return {
        "database": connection.vendor,
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "channel_layer": type(layer).__name__ if layer is not None else "none",
        "search": backend_name(),
    }


def platform_health() -> dict[str, ComponentHealth]:
    return {
        "database": database_health(),
        "cache": cache_health(),
        "channel_layer": channel_layer_health(),
        "search": search_health(),
    }


def overall_state(components: dict[str, ComponentHealth]) -> str:
    """Down without the database (nothing can be served); degraded while anything else is."""
    if components["database"].state != OK:
        return DOWN
    if all(component.state == OK for component in components.values()):
        return OK
    return DEGRADED
