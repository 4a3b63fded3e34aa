"""Open data of municipalities and their budget reports: /api/v1/municipalities/,
/api/v1/budgets/ (JSON and CSV; published reports only), a report's lines as CSV
(/api/v1/budgets/<id>/?format=csv) and its Fiscal Data Package descriptor
(/api/v1/budgets/<id>/datapackage.json)."""

from django.conf import settings
from django.http import Http404, StreamingHttpResponse
from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView
from wagtail.models import Locale

from civic_platform.api_schema import ERROR_SCHEMA
from civic_platform.api_tools import (
    CSV_CHUNK_SIZE,
    LANG_PARAMETER,
    OpenDataViewMixin,
    requested_language,
)
from civic_platform.renderers import CSVRenderer, csv_lines
from municipalities import selectors
from municipalities.choices import Category, LineKind, MunicipalityKind, Stage
from municipalities.datapackage import LINE_COLUMNS, fiscal_data_package
from municipalities.filters import BudgetReportFilterSet, MunicipalityFilterSet

AMOUNT = {"max_digits": 16, "decimal_places": 2, "coerce_to_string": False}


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None else url


class AmountsSerializer(serializers.Serializer):
    planned = serializers.DecimalField(**AMOUNT, help_text="Manat.")
    revised = serializers.DecimalField(
        **AMOUNT, allow_null=True, help_text="Manat; null where no line was revised."
    )
    executed = serializers.DecimalField(
        **AMOUNT, allow_null=True, help_text="Manat; null before execution is reported."
    )


class TotalsSerializer(serializers.Serializer):
    revenue = AmountsSerializer()
    expenditure = AmountsSerializer()


class BudgetLineSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="Classification code.")
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=LineKind.choices)
    category = serializers.ChoiceField(
        choices=Category.choices,
        help_text="Revenue by source, expenditure by function; derived from the code.",
    )
    planned = serializers.DecimalField(**AMOUNT)
    revised = serializers.DecimalField(**AMOUNT, allow_null=True)
    executed = serializers.DecimalField(**AMOUNT, allow_null=True)


class ReportLinksMixin(serializers.Serializer):
    api_url = serializers.SerializerMethodField()
    csv_url = serializers.SerializerMethodField()
    datapackage_url = serializers.SerializerMethodField()

    def _url(self, name, report) -> str:
        return reverse(name, args=[report.pk], request=self.context.get("request"))

    def get_api_url(self, report) -> str:
        return self._url("budget-report-detail", report)

    def get_csv_url(self, report) -> str:
        """The report's lines as CSV."""
        return self._url("budget-report-detail", report) + "?format=csv"

    def get_datapackage_url(self, report) -> str:
        """Its Fiscal Data Package descriptor."""
        return self._url("budget-report-datapackage", report)


class ReportSummarySerializer(ReportLinksMixin):
    id = serializers.IntegerField()
    year = serializers.IntegerField()
    stage = serializers.ChoiceField(choices=Stage.choices)
    stage_label = serializers.CharField(source="get_stage_display")
    published_at = serializers.DateTimeField()


class BudgetReportSerializer(ReportLinksMixin):
    id = serializers.IntegerField()
    municipality = serializers.CharField(
        source="municipality.slug", help_text="Slug of the municipality."
    )
    municipality_name = serializers.CharField()
    year = serializers.IntegerField()
    stage = serializers.ChoiceField(choices=Stage.choices)
    stage_label = serializers.CharField(source="get_stage_display")
    deadline = serializers.DateField(help_text="The legal deadline of the stage (README).")
    published_at = serializers.DateTimeField()
    first_published_at = serializers.DateTimeField(
        help_text="The first publication, kept when a report is withdrawn and published again: "
        "what days_late counts from."
    )
    days_late = serializers.IntegerField(
        help_text="Days after the deadline of the first publication; 0 when on time."
    )
    revision = serializers.IntegerField(
        source="current.number", help_text="Number of the current revision."
    )
    line_count = serializers.IntegerField(source="current.line_count")
    totals = TotalsSerializer(source="current.totals")
    notes = serializers.CharField()
    decision_document = serializers.SerializerMethodField()

    def get_decision_document(self, report) -> str | None:
        """The signed decision (a document's address), null when none is attached."""
        if report.decision_document is None:
            return None
        return _absolute(self.context.get("request"), report.decision_document.url)


class BudgetReportCSVSerializer(BudgetReportSerializer):
    """In a spreadsheet each total is a column of its own, where `totals` stood."""

    def get_fields(self):
        fields = {}
        for name, field in super().get_fields().items():
            if name != "totals":
                fields[name] = field
                continue
            for kind in LineKind.values:
                for amount in ("planned", "revised", "executed"):
                    fields[f"{kind}_{amount}"] = serializers.DecimalField(
                        **AMOUNT, source=f"current.{kind}_{amount}", allow_null=True
                    )
        return fields


class BudgetReportDetailSerializer(BudgetReportSerializer):
    lines = BudgetLineSerializer(many=True, help_text="In the file's order.")


class MunicipalitySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField(source="shown_name")
    region = serializers.CharField(source="shown_region", help_text="District or city.")
    kind = serializers.ChoiceField(choices=MunicipalityKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    population = serializers.IntegerField(allow_null=True)
    population_year = serializers.IntegerField(
        allow_null=True, help_text="The year the population figure refers to."
    )
    website = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    address = serializers.CharField()
    public_council = serializers.CharField(
        source="public_council.slug",
        allow_null=True,
        default=None,
        help_text="Slug of its public council (as in /api/v1/councils/).",
    )
    latest_report_year = serializers.IntegerField(
        allow_null=True, help_text="Year of its latest published budget report."
    )
    is_demo = serializers.BooleanField(help_text="Made-up data for trying the platform out.")
    api_url = serializers.SerializerMethodField()

    def get_api_url(self, municipality) -> str:
        return reverse(
            "municipality-detail", args=[municipality.slug], request=self.context.get("request")
        )


class MunicipalityDetailSerializer(MunicipalitySerializer):
    reports = serializers.SerializerMethodField()

    @extend_schema_field(ReportSummarySerializer(many=True))
    def get_reports(self, municipality) -> list[dict]:
        """Its published budget reports, newest year first."""
        reports = selectors.reports_of_municipality(municipality)
        return ReportSummarySerializer(reports, many=True, context=self.context).data


class MunicipalitiesViewSetMixin(OpenDataViewMixin):
    permission_classes = [AllowAny]

    def locale(self) -> Locale:
        language = getattr(self, "language", settings.LANGUAGE_CODE)
        return Locale.objects.filter(language_code=language).first() or Locale.get_default()


FILTER_ERROR = OpenApiResponse(
    response=ERROR_SCHEMA,
    description="A filter is not acceptable (the refused parameter is the key, with the message).",
)


@extend_schema_view(
    list=extend_schema(
        summary="Municipalities",
        responses={200: MunicipalitySerializer(many=True), 400: FILTER_ERROR},
    ),
    retrieve=extend_schema(summary="One municipality with its published budget reports"),
)
class MunicipalityViewSet(MunicipalitiesViewSetMixin, viewsets.ReadOnlyModelViewSet):
    filterset_class = MunicipalityFilterSet
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema reads the model only
            return selectors.Municipality.objects.none()
        # Open data lists in one order in every language: by slug, not by the name shown.
        return selectors.municipalities_in_language(locale_id=self.locale().pk).order_by(
            "slug", "pk"
        )

    def get_serializer_class(self):
        if self.action == "retrieve":
            return MunicipalityDetailSerializer
        return MunicipalitySerializer


@extend_schema_view(
    list=extend_schema(
        summary="Published budget reports of the municipalities",
        description=(
            "Each report with the totals of its current revision; `?format=csv` gives the "
            "whole list with one column per total."
        ),
        responses={200: BudgetReportSerializer(many=True), 400: FILTER_ERROR},
    ),
    retrieve=extend_schema(
        summary="One published budget report with its lines and totals",
        description=(
            "`?format=csv` gives the report's lines as CSV (code, name, kind, category, "
            "planned, revised, executed), streamed; its Fiscal Data Package descriptor is at "
            "`datapackage.json` under the report's address."
        ),
    ),
)
class BudgetReportViewSet(MunicipalitiesViewSetMixin, viewsets.ReadOnlyModelViewSet):
    filterset_class = BudgetReportFilterSet
    lookup_value_regex = r"[0-9]{1,10}"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return selectors.BudgetReport.objects.none()
        return selectors.reports_published(locale_id=self.locale().pk).order_by(
            "-year", "municipality__slug", "stage", "pk"
        )

    def get_serializer_class(self):
        if self.action == "retrieve":
            return BudgetReportDetailSerializer
        return BudgetReportCSVSerializer if self.csv_requested() else BudgetReportSerializer

    def retrieve(self, request, *args, **kwargs):
        report = self.get_object()
        lines = selectors.report_lines(report)
        if self.csv_requested():
            rows = (
                {column: getattr(line, column) for column in LINE_COLUMNS}
                for line in lines.iterator(chunk_size=CSV_CHUNK_SIZE)
            )
            response = StreamingHttpResponse(
                csv_lines(list(LINE_COLUMNS), rows),
                content_type=f"{CSVRenderer.media_type}; charset=utf-8",
            )
            response["Content-Disposition"] = f'attachment; filename="{csv_file_name(report)}"'
            return response
        report.lines = lines
        return Response(self.get_serializer(report).data)


def csv_file_name(report) -> str:
    return f"budget-{report.municipality.slug}-{report.year}-{report.stage}.csv"


@extend_schema(
    summary="Fiscal Data Package descriptor of a published budget report",
    description=(
        "A Fiscal Data Package (a Frictionless Data Package with a `model` of measures and "
        "dimensions) describing the report's CSV: its one resource is the CSV's address. "
        "`?lang=` gives the title in that language; names, columns and the model are the same "
        "in every language."
    ),
    parameters=[LANG_PARAMETER],
    responses={(200, "application/json"): OpenApiTypes.OBJECT},
)
class BudgetDataPackageView(APIView):
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]

    def get(self, request, pk: int):
        # The language is asked for in the address, not by Accept-Language: the address is what
        # the anonymous page cache keeps a descriptor under.
        language = requested_language(request)
        locale = Locale.objects.filter(language_code=language).first() or Locale.get_default()
        report = selectors.report_published(pk, locale_id=locale.pk)
        if report is None:
            raise Http404
        csv_url = request.build_absolute_uri(
            reverse("budget-report-detail", args=[report.pk]) + "?format=csv"
        )
        with translation.override(language):
            descriptor = fiscal_data_package(
                report, csv_url=csv_url, csv_name=csv_file_name(report)
            )
        return Response(descriptor)
