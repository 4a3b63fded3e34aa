"""The plan's indicators computed from municipalities' published budget reports (7.2, 7.3)."""

from django.utils.translation import gettext_lazy as _

from municipalities.selectors import (
    accountable_municipalities_count,
    municipalities_on_the_web_count,
    reports_on_time_share,
)
from themes.registry import Indicator, indicators


def register_municipality_indicators() -> None:
    indicators.register(
        Indicator(
            key="municipalities.accountable",
            label=_("Municipalities that published their budget and its execution"),
            method=_(
                "The number of municipalities that published on this site both their approved "
                "budget and their annual execution report for the last year whose execution "
                "is due."
            ),
            measures=("7.2",),
            compute=accountable_municipalities_count,
        )
    )
    indicators.register(
        Indicator(
            key="municipalities.reports_on_time",
            label=_("Municipal budget reports published on time"),
            method=_(
                "Of the approved budgets and annual execution reports published for that year, "
                "the share published by their legal deadline."
            ),
            measures=("7.2",),
            compute=reports_on_time_share,
            unit="%",
        )
    )
    indicators.register(
        Indicator(
            key="municipalities.on_the_web",
            label=_("Municipalities with a page, a public council and a budget report"),
            method=_(
                "The number of municipalities with a page on this site, a public council and "
                "at least one published budget report."
            ),
            measures=("7.3",),
            compute=municipalities_on_the_web_count,
        )
    )
