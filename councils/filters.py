"""The filters of the council registry (the index page and the open data API) and of meetings
(the API)."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.db.models.functions import Left, Length
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from councils.choices import CouncilKind, CouncilStatus, MeetingStatus


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


class MeetingFilterForm(forms.Form):
    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("from"), cleaned_data.get("to")
        if start and end and start > end:
            self.add_error(
                "to",
                _("The date “to” (%(to)s) is before the date “from” (%(from)s); swap them.")
                % {"to": end.isoformat(), "from": start.isoformat()},
            )
        return cleaned_data


class MeetingFilterSet(django_filters.FilterSet):
    """The meetings of the open data API; `from` and `to` are Python words, so they are renamed
    below. A period that ends before it starts is refused, not answered with nothing."""

    class Meta:
        form = MeetingFilterForm

    council = django_filters.CharFilter(
        method="filter_council",
        label=_("Council"),
        help_text=_("Slug of the council (as in its page's address)."),
    )
    status = django_filters.ChoiceFilter(
        choices=MeetingStatus.choices, label=_("Status"), help_text=_("The meeting's status.")
    )
    starts_from = django_filters.DateFilter(
        field_name="starts_at",
        lookup_expr="date__gte",
        label=_("From"),
        help_text=_("Meetings on or after this date (YYYY-MM-DD, Baku time)."),
    )
    starts_to = django_filters.DateFilter(
        field_name="starts_at",
        lookup_expr="date__lte",
        label=_("To"),
        help_text=_("Meetings on or before this date (YYYY-MM-DD, Baku time)."),
    )

    def filter_council(self, queryset, name, value):
        # A meeting's parent in the page tree is its council: the path without its last step.
        parent = Page.objects.filter(
            slug=value,
            depth=OuterRef("depth") - 1,
            path=Left(OuterRef("path"), Length(OuterRef("path")) - Page.steplen),
        )
        return queryset.filter(Exists(parent))


MeetingFilterSet.base_filters["from"] = MeetingFilterSet.base_filters.pop("starts_from")
MeetingFilterSet.base_filters["to"] = MeetingFilterSet.base_filters.pop("starts_to")
