"""Reads of councils for other apps."""

from civic_platform.organisations.registry import ActivityItem
from councils.models import CouncilMember


def council_seats_of(organisation, *, locale, limit: int) -> list[ActivityItem]:
    """The seats the organisation's people hold on live councils, in the page's language."""
    seats = (
        CouncilMember.objects.filter(
            affiliation=organisation, council__live=True, council__locale=locale
        )
        .select_related("council")
        .order_by("council__title", "sort_order")[:limit]
    )
    return [
        ActivityItem(
            kind=seat.get_role_display(),
            title=f"{seat.council.title}: {seat.name}",
            url=seat.council.url,
        )
        for seat in seats
    ]
