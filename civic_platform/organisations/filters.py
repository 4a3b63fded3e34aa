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
