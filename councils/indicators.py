"""The plan's indicators computed from councils' published pages (measures 5.5 and 5.4)."""

from django.utils.translation import gettext_lazy as _

from councils.selectors import (
    councils_in_registry_count,
    councils_with_recent_minutes_count,
    meetings_with_ngo_representatives_count,
    minutes_on_time_share,
)
from themes.registry import Indicator, indicators


def register_council_indicators() -> None:
    indicators.register(
        Indicator(
            key="councils.in_registry",
            label=_("Public councils in the registry"),
            method=_("The number of public councils published in the registry on this site."),
            measures=("5.5",),
            compute=councils_in_registry_count,
        )
    )
    indicators.register(
        Indicator(
            key="councils.recent_minutes",
            label=_("Councils that published minutes in the last 90 days"),
            method=_(
                "The number of public councils with at least one set of minutes first "
                "published in the last 90 days."
            ),
            measures=("5.5",),
            compute=councils_with_recent_minutes_count,
        )
    )
    indicators.register(
        Indicator(
            key="councils.minutes_on_time",
            label=_("Minutes published within 14 days"),
            method=_(
                "The share of meetings whose minutes were published within 14 days of the "
                "meeting, among the meetings with published minutes and the held meetings "
                "whose minutes are overdue."
            ),
            measures=("5.5",),
            compute=minutes_on_time_share,
            unit="%",
        )
    )
    indicators.register(
        Indicator(
            key="councils.meetings_with_ngos",
            label=_("Council meetings with NGO representatives present"),
            method=_(
                "The number of public council meetings whose published minutes count at least "
                "one representative of a non-governmental organisation present."
            ),
            measures=("5.4",),
            compute=meetings_with_ngo_representatives_count,
        )
    )
