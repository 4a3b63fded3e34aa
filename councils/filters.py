"""The one filter of the council registry, for the index page and (later) the open data API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from councils.choices import CouncilKind, CouncilStatus


class CouncilFilterSet(django_filters.FilterSet):
    body = django_filters.CharFilter(
        field_name="body__slug",
        label=_("State body"),
        help_text=_("Slug of the state body the council sits at."),
    )
    kind = django_filters.ChoiceFilter(
        choices=CouncilKind.choices, label=_("Kind"), help_text=_("Where the council sits.")
    )
    status = django_filters.ChoiceFilter(
        choices=CouncilStatus.choices,
        label=_("Status"),
        help_text=_("Active or dissolved."),
    )
    municipality = django_filters.CharFilter(
        field_name="municipality_name",
        lookup_expr="iexact",
        label=_("Municipality"),
        help_text=_("Name of the municipality the council sits at."),
    )


def lenient_council_filter(data, queryset) -> tuple[CouncilFilterSet, list[str]]:
    """The filter for a page: values that make no sense are dropped and named, not an error."""
    filterset = CouncilFilterSet(data=data, queryset=queryset)
    if filterset.is_valid():
        return filterset, []
    rejected = sorted(filterset.form.errors)
    kept = {name: data.get(name) for name in filterset.base_filters if name not in rejected}
    return CouncilFilterSet(data=kept, queryset=queryset), rejected
