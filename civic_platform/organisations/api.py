"""Open data of verified organisations: /api/v1/organisations/ (JSON and CSV) and one by slug."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.permissions import AllowAny
from wagtail.models import Locale

from civic_platform.api_tools import LANG_PARAMETER, OpenDataViewMixin
from civic_platform.organisations.filters import OrganisationFilterSet
from civic_platform.organisations.models import (
    FieldOfWork,
    Kind,
    LegalForm,
    Organisation,
    OrganisationIndexPage,
    Region,
)
from civic_platform.organisations.selectors import verified_organisations


class OrganisationSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    kind_label = serializers.CharField(source="get_kind_display")
    legal_form = serializers.ChoiceField(choices=LegalForm.choices, allow_blank=True)
    region = serializers.ChoiceField(choices=Region.choices)
    region_label = serializers.CharField(source="get_region_display")
    fields_of_work = serializers.ListField(child=serializers.ChoiceField(FieldOfWork.choices))
    logo = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "kind",
            "kind_label",
            "legal_form",
            "registration_number",
            "fields_of_work",
            "region",
            "region_label",
            "website",
            "email",
            "phone",
            "address",
            "description",
            "logo",
            "verified_at",
            "url",
        ]

    def get_logo(self, organisation) -> str | None:
        if not organisation.logo:
            return None
        request = self.context.get("request")
        url = organisation.logo.url
        return request.build_absolute_uri(url) if request is not None else url

    def get_url(self, organisation) -> str | None:
        """The organisation's page in the requested language."""
        index = self.context.get("index_page")
        if index is None:
            return None
        request = self.context.get("request")
        url = index.get_url(request) + index.reverse_subpage(
            "organisation", args=[organisation.slug]
        )
        return request.build_absolute_uri(url) if request is not None else url


@extend_schema_view(
    list=extend_schema(summary="Verified organisations", parameters=[LANG_PARAMETER]),
    retrieve=extend_schema(summary="One verified organisation", parameters=[LANG_PARAMETER]),
)
class OrganisationViewSet(OpenDataViewMixin, viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        return verified_organisations().order_by("slug")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):  # the schema reads the serializers only
            return context
        if not hasattr(self, "_index_page"):
            language = getattr(self, "language", None)
            pages = OrganisationIndexPage.objects.live()
            self._index_page = (
                pages.filter(locale__in=Locale.objects.filter(language_code=language)).first()
                or pages.first()
            )
        return {**context, "index_page": self._index_page}
