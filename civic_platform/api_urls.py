"""/api/v1/: every app's open data endpoints, their OpenAPI schema and the health check."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from civic_platform.api import HealthView
from civic_platform.discovery import project_app_modules

urlpatterns = [
    path("health/", HealthView.as_view(), name="api-health"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
    # Each app with an api_urls module contributes its routes; none is listed by hand here.
    *(path("", include(module)) for module in project_app_modules("api_urls")),
]
