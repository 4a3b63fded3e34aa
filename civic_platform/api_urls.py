"""/api/v1/: every app's open data endpoints, their OpenAPI schema and the health check."""

from importlib import import_module

from django.apps import apps
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from civic_platform.api import HealthView


def _app_api_urls():
    """Each app with an api_urls module contributes its routes; none is listed by hand here."""
    patterns = []
    for app_config in apps.get_app_configs():
        if app_config.name == "civic_platform":
            continue
        try:
            module = import_module(f"{app_config.name}.api_urls")
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.api_urls":
                raise
            continue
        patterns.append(path("", include(module)))
    return patterns


urlpatterns = [
    path("health/", HealthView.as_view(), name="api-health"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
    *_app_api_urls(),
]
