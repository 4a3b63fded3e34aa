"""Checks behind /api/v1/health/: each component's state word and, for staff, why.

The core checks what every installation has (database, cache, channel layer); an app that brings
a component of its own (search) registers its check in its AppConfig.ready(), so the core imports
no app.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, NamedTuple

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import caches
from django.db import connection

from civic_platform.cache import ResilientRedisCache

OK, DEGRADED, DOWN = "ok", "degraded", "down"
STATES = (OK, DEGRADED, DOWN)
CORE_COMPONENTS = ("database", "cache", "channel_layer")


class ComponentHealth(NamedTuple):
    state: Literal["ok", "degraded", "down"]
    # Why, in a few words; may name exception classes, so it is shown to staff only.
    detail: str


@dataclass(frozen=True)
class ComponentCheck:
    name: str
    health: Callable[[], ComponentHealth]
    backend: Callable[[], str]  # which implementation serves it


_component_checks: dict[str, ComponentCheck] = {}


def register_component_check(check: ComponentCheck) -> ComponentCheck:
    if check.name in _component_checks or check.name in CORE_COMPONENTS:
        raise ValueError(f"A health check named {check.name!r} is already registered.")
    _component_checks[check.name] = check
    return check


def component_names() -> tuple[str, ...]:
    return (*CORE_COMPONENTS, *_component_checks)


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


def backends_in_use() -> dict[str, str]:
    """Which implementation serves each component: embedded or at scale."""
    layer = get_channel_layer()
    return {
        "database": connection.vendor,
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "channel_layer": type(layer).__name__ if layer is not None else "none",
        **{name: check.backend() for name, check in _component_checks.items()},
    }


def platform_health() -> dict[str, ComponentHealth]:
    return {
        "database": database_health(),
        "cache": cache_health(),
        "channel_layer": channel_layer_health(),
        **{name: check.health() for name, check in _component_checks.items()},
    }


def overall_state(components: dict[str, ComponentHealth]) -> str:
    """Down without the database (nothing can be served); degraded while anything else is."""
    if components["database"].state != OK:
        return DOWN
    if all(component.state == OK for component in components.values()):
        return OK
    return DEGRADED
