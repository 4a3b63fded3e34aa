"""The filters of the consultations: one FilterSet for the index page and the open data API.
On the page (through the core's lenient_filter) a value that makes no sense is dropped and
named; in the API it is a 400."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consultations.choices import ConsultationKind, ConsultationStatus


def status_condition(status: str, moment) -> Q:
    """The consultations with this status at `moment`; the status follows from the dates."""
    if status == ConsultationStatus.UPCOMING:
        return Q(opens_at__gt=moment)
    if status == ConsultationStatus.OPEN:
        return Q(opens_at__lte=moment, closes_at__gt=moment)
    return Q(closes_at__lte=moment)


class ConsultationFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=ConsultationKind.choices,
        label=_("Kind"),
        help_text=_("What is consulted on: a draft budget, a draft act or a dialogue session."),
    )
    status = django_filters.ChoiceFilter(
        choices=ConsultationStatus.choices,
        method="filter_status",
        label=_("Status"),
        help_text=_("Whether comments are accepted now (open), later (upcoming) or no more."),
    )

    def filter_status(self, queryset, name, value):
        return queryset.filter(status_condition(value, timezone.now()))
