"""The one filter of organisations, shared by the organisations page and the open data API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from civic_platform.organisations.models.organisation import Kind, Organisation, Region


class OrganisationFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=Kind.choices, label=_("Kind"), help_text=_("Kind of organisation.")
    )
    region = django_filters.ChoiceFilter(
        choices=Region.choices, label=_("Region"), help_text=_("Economic region.")
    )

    class Meta:
        model = Organisation
        fields = ["kind", "region"]


def lenient_organisation_filter(data, queryset) -> tuple[OrganisationFilterSet, list[str]]:
    """For a page: values that make no sense are dropped and named, not an error (the API
    uses the FilterSet as it is, so there a bad value is a 400)."""
    filterset = OrganisationFilterSet(data=data, queryset=queryset)
    if filterset.is_valid():
        return filterset, []
    rejected = sorted(filterset.form.errors)
    kept = {name: data.get(name) for name in filterset.base_filters if name not in rejected}
    return OrganisationFilterSet(data=kept, queryset=queryset), rejected
