"""The municipalities index's filters (README, "Pages own their routes"): on the page a value
that makes no sense is dropped and named (civic_platform.filters.lenient_filter)."""

import django_filters

from municipalities.choices import MunicipalityKind
from municipalities.models.registry import Municipality


def _regions():
    regions = Municipality.objects.in_source_language().values_list("region", flat=True)
    return [(region, region) for region in sorted(set(regions))]


class MunicipalityFilterSet(django_filters.FilterSet):
    # The value is the Azerbaijani name of the district or city, the same in every language.
    region = django_filters.ChoiceFilter(choices=_regions)
    kind = django_filters.ChoiceFilter(choices=MunicipalityKind.choices)

    class Meta:
        model = Municipality
        fields = ["region", "kind"]
