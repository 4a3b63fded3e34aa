"""The one filter of the plan's measures, shared by the plan page and the open data API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from civic_platform.filters import IntegerFilter
from themes.models.plan import Measure, MeasureStatus
from themes.selectors import filter_measures


class MeasureFilterSet(django_filters.FilterSet):
    theme = IntegerFilter(
        field_name="area__number",
        label=_("Thematic area"),
        help_text=_("Thematic area number, 1 to 9."),
    )
    status = django_filters.ChoiceFilter(
        choices=MeasureStatus.choices,
        method="filter_status",
        label=_("Status"),
        help_text=_("Derived status."),
    )
    body = django_filters.CharFilter(
        method="filter_body",
        label=_("Body"),
        help_text=_("Slug of a body named as executor or recommended body."),
    )

    class Meta:
        model = Measure
        fields = ["theme", "status", "body"]

    def without(self, *names: str):
        """The queryset filtered by every valid value except those named."""
        queryset = self.queryset
        if not self.is_valid():
            return queryset.none()
        for name, value in self.form.cleaned_data.items():
            if name not in names and value not in (None, ""):
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_status(self, queryset, name, value):
        return filter_measures(queryset, status=value)

    def filter_body(self, queryset, name, value):
        return filter_measures(queryset, body=value)
