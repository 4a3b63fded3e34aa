from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from civic_platform.health import backends_in_use, platform_health


class HealthView(APIView):
    """Whether each component the platform depends on answers."""

    permission_classes = [AllowAny]
    throttle_classes: list = []

    @extend_schema(
        summary="Component health",
        responses={
            (200, "application/json"): inline_serializer(
                name="Health",
                fields={
                    "status": serializers.ChoiceField(choices=["ok", "degraded", "down"]),
                    "database": serializers.CharField(),
                    "cache": serializers.CharField(),
                    "channel_layer": serializers.CharField(),
                    "search": serializers.CharField(),
                    "backends": serializers.DictField(child=serializers.CharField()),
                },
            )
        },
    )
    def get(self, request):
        components = platform_health()
        if components["database"] != "ok":
            overall, status_code = "down", 503
        elif all(value == "ok" for value in components.values()):
            overall, status_code = "ok", 200
        else:
            overall, status_code = "degraded", 200
        return Response(
            {"status": overall, **components, "backends": backends_in_use()}, status=status_code
        )


def only_open_data_endpoints(endpoints, **kwargs):
    """drf-spectacular hook: the schema documents /api/v1/, not Wagtail's internal admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
