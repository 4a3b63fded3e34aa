"""Collects every app's WebSocket routes, so asgi.py needs no edit when an app adds some."""

from importlib import import_module

from django.apps import apps
from django.urls import re_path

from civic_platform.consumers import NotFoundConsumer


def collect_websocket_urlpatterns():
    patterns = []
    for app_config in apps.get_app_configs():
        try:
            module = import_module(f"{app_config.name}.routing")
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.routing":
                raise
            continue
        patterns.extend(getattr(module, "websocket_urlpatterns", []))
    # Last: an unknown path is closed with 4404 instead of raising in the router.
    patterns.append(re_path(r"", NotFoundConsumer.as_asgi()))
    return patterns
