"""The filters of budget reports, shared by the open data API and, where they need them, the
pages."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from civic_platform.filters import IntegerFilter
from municipalities.choices import MunicipalityKind, Stage
from municipalities.models.registry import FIRST_YEAR, LAST_YEAR


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
