"""The filters of municipalities and budget reports: the open data API's, and the municipalities
index page's, which adds the district or city (README, "Pages own their routes": on the page a
value that makes no sense is dropped and named by civic_platform.filters.lenient_filter)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from civic_platform.filters import IntegerFilter
from municipalities.choices import MunicipalityKind, Stage
from municipalities.models.registry import FIRST_YEAR, LAST_YEAR, Municipality


@extend_schema_field({"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR})
class YearFilter(IntegerFilter):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs)


class BudgetReportFilterSet(django_filters.FilterSet):
    municipality = django_filters.CharFilter(
        field_name="municipality__slug",
        label=_("Municipality"),
        help_text=_("Slug of the municipality."),
    )
    year = YearFilter(label=_("Year"), help_text=_("The budget year."))
    stage = django_filters.ChoiceFilter(
        choices=Stage.choices,
        label=_("Stage"),
        help_text=_("draft, approved, q1, q2, q3 or annual."),
    )


class MunicipalityFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=MunicipalityKind.choices,
        label=_("Kind"),
        help_text=_("City, settlement, village or joint municipality."),
    )


def _regions():
    regions = Municipality.objects.in_source_language().values_list("region", flat=True)
    return [(region, region) for region in sorted(set(regions))]


class MunicipalityPageFilterSet(MunicipalityFilterSet):
    # The value is the Azerbaijani name of the district or city, the same in every language.
    # Not in the API: its choices are whatever the registry holds.
    region = django_filters.ChoiceFilter(choices=_regions, label=_("District or city"))
