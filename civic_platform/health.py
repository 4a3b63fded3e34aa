"""Checks behind /api/v1/health/: each component answers "ok" or a short reason.

The core checks what every installation has (database, cache, channel layer); an app that brings
a component of its own (search) registers its check in its AppConfig.ready(), so the core imports
no app.
"""

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.core.cache import cache
from django.db import connection


@dataclass(frozen=True)
class ComponentCheck:
    name: str
    status: Callable[[], str]  # "ok" or a short reason
    backend: Callable[[], str]  # which implementation serves it


_component_checks: dict[str, ComponentCheck] = {}


def register_component_check(check: ComponentCheck) -> ComponentCheck:
    if check.name in _component_checks:
        raise ValueError(f"A health check named {check.name!r} is already registered.")
    _component_checks[check.name] = check
    return check


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # noqa: BLE001 - report, never raise, from a health check
        return f"unreachable: {type(error).__name__}"
    return "ok"


def cache_status() -> str:
    key = f"health:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", timeout=10)
        answered = cache.get(key)
        cache.delete(key)
    except Exception as error:  # noqa: BLE001
        return f"unreachable: {type(error).__name__}"
    return "ok" if answered == "1" else "not storing values"


async def _channel_layer_round_trip() -> bool:
    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.send(channel, {"type": "health.ping"})
    message = await layer.receive(channel)
    return message.get("type") == "health.ping"


def channel_layer_status() -> str:
    if get_channel_layer() is None:
        return "not configured"
    try:
        ok = async_to_sync(_channel_layer_round_trip)()
    except Exception as error:  # noqa: BLE001
        return f"unreachable: {type(error).__name__}"
    return "ok" if ok else "message lost"


def backends_in_use() -> dict[str, str]:
    """Which implementation serves each component: embedded or at scale."""
    layer = get_channel_layer()
    return {
        "database": connection.vendor,
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "channel_layer": type(layer).__name__ if layer is not None else "none",
        **{name: check.backend() for name, check in _component_checks.items()},
    }


def platform_health() -> dict[str, str]:
    return {
        "database": database_status(),
        "cache": cache_status(),
        "channel_layer": channel_layer_status(),
        **{name: check.status() for name, check in _component_checks.items()},
    }
