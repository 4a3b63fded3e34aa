"""Open data of the consultations: /api/v1/consultations/ (JSON and CSV) and
/api/v1/consultations/<id>/ with the draft's sections; published pages only, in the language of
`?lang=`. A consultation's id is its source page's (the page in the default language), the same
id its discussion and live channel are addressed by, whatever the language asked for."""

from django.conf import settings
from django.db.models import IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from wagtail.models import Locale
from wagtail.rich_text import expand_db_html

from civic_platform.api_tools import LANG_PARAMETER, OpenDataViewMixin
from consultations.choices import (
    BudgetLineKind,
    ConsultationKind,
    ConsultationStatus,
    SectionKind,
)
from consultations.filters import ConsultationFilterSet
from consultations.models import ConsultationPage, SectionTally


def _source_id():
    """The id of the page's default-language translation (its own when it is that page)."""
    return Coalesce(
        Subquery(
            ConsultationPage.objects.filter(
                translation_key=OuterRef("translation_key"),
                locale__language_code=settings.LANGUAGE_CODE,
            ).values("pk")[:1]
        ),
        "pk",
        output_field=IntegerField(),
    )


class ConsultationSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        source="source_id",
        help_text="The consultation's id: that of its page in Azerbaijani, in every language.",
    )
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=ConsultationKind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    status = serializers.ChoiceField(
        choices=ConsultationStatus.choices, help_text="Follows from the dates, now."
    )
    status_label = serializers.SerializerMethodField()
    is_open = serializers.BooleanField(help_text="Whether comments are accepted now.")
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()
    owner = serializers.CharField(
        source="owner_organisation.name", help_text="The body or municipality that answers."
    )
    owner_slug = serializers.CharField(
        source="owner_organisation.slug", help_text="As in /api/v1/organisations/."
    )
    fiscal_year = serializers.IntegerField(allow_null=True, help_text="The year of a draft budget.")
    measures = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    def get_status_label(self, consultation) -> str:
        return str(ConsultationStatus(consultation.status).label)

    def get_measures(self, consultation) -> list[str]:
        """Codes of the plan measures the consultation serves."""
        return [measure.code for measure in consultation.measures.all()]

    def get_url(self, consultation) -> str | None:
        """The consultation's page in the language asked for."""
        request = self.context.get("request")
        url = consultation.get_url(request)
        if url is None:
            return None
        return request.build_absolute_uri(url) if request is not None else url


class SectionSerializer(serializers.Serializer):
    key = serializers.UUIDField(
        source="translation_key",
        help_text="The section's key, the same in every language; comments name it.",
    )
    kind = serializers.ChoiceField(choices=SectionKind.choices)
    number = serializers.CharField(help_text="An article's number or a budget line's code.")
    title = serializers.CharField()
    text = serializers.CharField()
    amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=True, help_text="Manat, for the year."
    )
    previous_amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, allow_null=True, help_text="Manat, the previous year."
    )
    budget_kind = serializers.ChoiceField(
        choices=BudgetLineKind.choices,
        allow_blank=True,
        help_text="A budget line's side: revenue or expenditure; empty when not divided.",
    )
    group = serializers.CharField(
        help_text="The heading a budget line is listed under (a source of revenue, a function "
        "of expenditure), in the page's language; may be empty."
    )
    withdrawn = serializers.BooleanField(
        help_text="A budget line a later version of the draft dropped, kept with its comments "
        "and left out of the totals."
    )
    comment_count = serializers.SerializerMethodField()

    def get_comment_count(self, section) -> int:
        return self.context["comment_counts"].get(section.translation_key, 0)


class ConsultationDetailSerializer(ConsultationSerializer):
    summary = serializers.SerializerMethodField()
    sections = SectionSerializer(many=True, source="sections.all")

    def get_summary(self, consultation) -> str:
        """HTML."""
        return expand_db_html(consultation.summary) if consultation.summary else ""


@extend_schema_view(
    list=extend_schema(summary="Consultations, newest first", parameters=[LANG_PARAMETER]),
    retrieve=extend_schema(
        summary="One consultation with the sections of its draft", parameters=[LANG_PARAMETER]
    ),
)
class ConsultationViewSet(OpenDataViewMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    filterset_class = ConsultationFilterSet
    lookup_value_regex = r"[0-9]+"

    def locale(self) -> Locale:
        language = getattr(self, "language", settings.LANGUAGE_CODE)
        return Locale.objects.filter(language_code=language).first() or Locale.get_default()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema reads the model only
            return ConsultationPage.objects.none()
        return (
            ConsultationPage.objects.listed(locale_id=self.locale().pk)
            .annotate(source_id=_source_id())
            .prefetch_related("measures")
        )

    def get_serializer_class(self):
        return ConsultationDetailSerializer if self.action == "retrieve" else ConsultationSerializer

    def get_object(self):
        """The consultation with this (source) id, in the language asked for when it is
        published in it, else as written in Azerbaijani."""
        source = (
            ConsultationPage.objects.live()
            .public()
            .in_default_language()
            .filter(pk=self.kwargs["pk"])
            .values_list("translation_key", flat=True)
            .first()
        )
        if source is None:
            raise Http404
        listed = self.get_queryset().prefetch_related("sections")
        consultation = listed.filter(translation_key=source).first()
        if consultation is None:
            consultation = (
                ConsultationPage.objects.listed(
                    locale_id=Locale.objects.get(language_code=settings.LANGUAGE_CODE).pk
                )
                .annotate(source_id=_source_id())
                .prefetch_related("measures", "sections")
                .get(pk=self.kwargs["pk"])
            )
        self.comment_counts = dict(
            SectionTally.objects.filter(consultation_id=consultation.source_id).values_list(
                "section_key", "comment_count"
            )
        )
        return consultation

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["comment_counts"] = getattr(self, "comment_counts", {})
        return context
