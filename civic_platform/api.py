from django.db import DatabaseError
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from civic_platform.health import (
    DOWN,
    STATES,
    backends_in_use,
    component_names,
    overall_state,
    platform_health,
)

HEALTH_SERIALIZER = inline_serializer(
    name="Health",
    fields={
        "status": serializers.ChoiceField(choices=STATES),
        **{name: serializers.ChoiceField(choices=STATES) for name in component_names()},
        "details": serializers.DictField(
            child=serializers.CharField(),
            required=False,
            help_text="Staff only: why each component is in its state.",
        ),
        "backends": serializers.DictField(
            child=serializers.CharField(),
            required=False,
            help_text="Staff only: the implementation serving each component.",
        ),
    },
)


class HealthView(APIView):
    """Whether each component the platform depends on answers.

    Everyone sees the overall status and each component's state; staff also see why a
    component is not ok and which backend serves it (names a caller could probe with).
    """

    permission_classes = [AllowAny]
    throttle_classes: list = []

    def perform_authentication(self, request):
        """Deferred to get(): sessions live in the database, and while it is down the check
        must still answer 503 rather than fail on the session lookup."""

    @extend_schema(
        summary="Component health",
        description=(
            "`status` is `down` (HTTP 503) when the database is unreachable, `degraded` when "
            "another component is not `ok`. `details` and `backends` are given to staff only."
        ),
        responses={
            (200, "application/json"): HEALTH_SERIALIZER,
            (503, "application/json"): HEALTH_SERIALIZER,
        },
    )
    def get(self, request):
        components = platform_health()
        overall = overall_state(components)
        body = {"status": overall, **{name: item.state for name, item in components.items()}}
        if _is_staff(request):
            body["details"] = {name: item.detail for name, item in components.items()}
            body["backends"] = backends_in_use()
        return Response(body, status=503 if overall == DOWN else 200)


def _is_staff(request) -> bool:
    try:
        return bool(request.user.is_staff)
    except DatabaseError:
        return False


def only_open_data_endpoints(endpoints, **kwargs):
    """drf-spectacular hook: the schema documents /api/v1/, not Wagtail's internal admin API."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
