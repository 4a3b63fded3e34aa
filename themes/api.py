"""Open data of the action plan: /api/v1/themes/ and /api/v1/measures/ (JSON and CSV)."""

from django.conf import settings
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from wagtail.models import Locale

from civic_platform.api_tools import LANG_PARAMETER, OpenDataViewMixin
from themes.filters import MeasureFilterSet
from themes.models import (
    MEASURE_CODE_REGEX,
    AreaPage,
    Measure,
    MeasureBody,
    MeasurePage,
    MeasureStatus,
)
from themes.selectors import (
    bodies_for_api,
    body_names,
    indicator_values,
    linked_items,
    measures_for_api,
    published_progress_updates,
    themes_with_measure_counts,
)


def absolute_page_url(page, request) -> str | None:
    if page is None:
        return None
    url = page.get_url(request)
    return request.build_absolute_uri(url) if request is not None else url


class ThemeSummarySerializer(serializers.Serializer):
    code = serializers.CharField()
    title = serializers.SerializerMethodField()

    def get_title(self, area) -> str:
        page = self.context["area_pages"].get(area.pk)
        return page.title if page else ""


class ThemeSerializer(ThemeSummarySerializer):
    number = serializers.IntegerField()
    measure_count = serializers.IntegerField()
    url = serializers.SerializerMethodField()

    def get_url(self, area) -> str | None:
        return absolute_page_url(
            self.context["area_pages"].get(area.pk), self.context.get("request")
        )


class BodyRoleSerializer(serializers.Serializer):
    slug = serializers.CharField(source="body.slug")
    name = serializers.SerializerMethodField()
    role = serializers.CharField()
    written_as = serializers.CharField()

    def get_name(self, role) -> str:
        return self.context["body_names"].get(role.body.translation_key, role.body.name)


class MeasureSerializer(serializers.ModelSerializer):
    theme = serializers.SerializerMethodField()
    title = serializers.SerializerMethodField()
    indicator = serializers.SerializerMethodField()
    executors = serializers.SerializerMethodField()
    recommended_to = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=MeasureStatus.choices)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Measure
        fields = [
            "code",
            "theme",
            "title",
            "indicator",
            "executors",
            "recommended_to",
            "deadline",
            "deadline_start",
            "deadline_end",
            "status",
            "url",
        ]

    def _page(self, measure):
        return self.context["pages"].get(measure.pk)

    def get_theme(self, measure) -> dict:
        return ThemeSummarySerializer(measure.area, context=self.context).data

    def get_title(self, measure) -> str:
        page = self._page(measure)
        return page.text if page else ""

    def get_indicator(self, measure) -> str:
        page = self._page(measure)
        return page.indicator if page else ""

    def _names(self, measure, role) -> list[str]:
        return [r.written_as for r in measure.body_roles.all() if r.role == role]

    def get_executors(self, measure) -> list[str]:
        """The bodies as the plan writes them."""
        return self._names(measure, MeasureBody.Role.EXECUTOR)

    def get_recommended_to(self, measure) -> list[str]:
        return self._names(measure, MeasureBody.Role.RECOMMENDED)

    def get_url(self, measure) -> str | None:
        return absolute_page_url(self._page(measure), self.context.get("request"))


class EvidenceLinkSerializer(serializers.Serializer):
    url = serializers.URLField()
    title = serializers.CharField()


class ProgressUpdateSerializer(serializers.Serializer):
    date = serializers.DateField()
    summary = serializers.CharField()
    completes_measure = serializers.BooleanField()
    evidence_links = EvidenceLinkSerializer(many=True, source="evidence_links.all")
    evidence_documents = serializers.SerializerMethodField()

    def get_evidence_documents(self, update) -> list[dict]:
        request = self.context.get("request")
        return [
            {
                "title": item.document.title,
                "url": request.build_absolute_uri(item.document.url)
                if request
                else item.document.url,
            }
            for item in update.evidence_documents.all()
        ]


class IndicatorValueSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    method = serializers.CharField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False)
    unit = serializers.CharField()
    computed_at = serializers.DateTimeField()


class LinkedItemSerializer(serializers.Serializer):
    kind = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    date = serializers.CharField()


class MeasureDetailSerializer(MeasureSerializer):
    bodies = serializers.SerializerMethodField()
    progress_updates = serializers.SerializerMethodField()
    linked_items = serializers.SerializerMethodField()
    indicator_values = serializers.SerializerMethodField()

    class Meta(MeasureSerializer.Meta):
        fields = [
            *MeasureSerializer.Meta.fields,
            "bodies",
            "progress_updates",
            "linked_items",
            "indicator_values",
        ]

    def get_bodies(self, measure) -> list[dict]:
        return BodyRoleSerializer(measure.body_roles.all(), many=True, context=self.context).data

    def get_progress_updates(self, measure) -> list[dict]:
        return ProgressUpdateSerializer(
            published_progress_updates(measure, locale_id=self.context["locale"].pk),
            many=True,
            context=self.context,
        ).data

    def get_linked_items(self, measure) -> list[dict]:
        locale = self.context["locale"]
        linked = linked_items(measure, locale_id=locale.pk, language_code=locale.language_code)
        return LinkedItemSerializer(linked.items, many=True).data

    def get_indicator_values(self, measure) -> list[dict]:
        return IndicatorValueSerializer(indicator_values(measure), many=True).data


class BodySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.SerializerMethodField()
    kind = serializers.CharField()
    aliases = serializers.SerializerMethodField()
    executor_of = serializers.SerializerMethodField()
    recommended_for = serializers.SerializerMethodField()

    def get_name(self, body) -> str:
        return self.context["body_names"].get(body.translation_key, body.name)

    def get_aliases(self, body) -> list[str]:
        """Every way the plan writes the body's name."""
        return [alias.text for alias in body.aliases.all()]

    def _codes(self, body, role) -> list[str]:
        return [r.measure.code for r in body.measure_roles.all() if r.role == role]

    def get_executor_of(self, body) -> list[str]:
        return self._codes(body, MeasureBody.Role.EXECUTOR)

    def get_recommended_for(self, body) -> list[str]:
        return self._codes(body, MeasureBody.Role.RECOMMENDED)


class PlanViewSetMixin(OpenDataViewMixin):
    permission_classes = [AllowAny]

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):  # the schema reads the serializers only
            return context
        if not hasattr(self, "_plan_context"):
            language = getattr(self, "language", settings.LANGUAGE_CODE)
            locale = Locale.objects.filter(language_code=language).first() or Locale.get_default()
            # The plan has 64 measures and 41 bodies: one query for all their words beats one
            # per row.
            self._plan_context = {
                "language": language,
                "locale": locale,
                "pages": MeasurePage.objects.by_measure(locale_id=locale.pk),
                "area_pages": AreaPage.objects.by_area(locale_id=locale.pk),
                "body_names": body_names(locale_id=locale.pk),
            }
        return {**context, **self._plan_context}


@extend_schema_view(
    list=extend_schema(summary="Thematic areas of the plan", parameters=[LANG_PARAMETER]),
    retrieve=extend_schema(summary="One thematic area", parameters=[LANG_PARAMETER]),
)
class ThemeViewSet(PlanViewSetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ThemeSerializer
    lookup_field = "number"
    lookup_value_regex = r"[1-9]\d*"

    def get_queryset(self):
        return themes_with_measure_counts().order_by("number")


@extend_schema_view(
    list=extend_schema(summary="Bodies the plan names", parameters=[LANG_PARAMETER]),
    retrieve=extend_schema(summary="One body and its measures", parameters=[LANG_PARAMETER]),
)
class BodyViewSet(PlanViewSetMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = BodySerializer
    lookup_field = "slug"

    def get_queryset(self):
        return bodies_for_api()


@extend_schema_view(
    list=extend_schema(summary="Measures of the plan", parameters=[LANG_PARAMETER]),
    retrieve=extend_schema(
        summary="One measure with its progress, linked items and indicators",
        parameters=[LANG_PARAMETER],
    ),
)
class MeasureViewSet(PlanViewSetMixin, viewsets.ReadOnlyModelViewSet):
    lookup_field = "code"
    lookup_value_regex = MEASURE_CODE_REGEX
    filterset_class = MeasureFilterSet

    def get_queryset(self):
        return measures_for_api()

    def get_serializer_class(self):
        return MeasureDetailSerializer if self.action == "retrieve" else MeasureSerializer
