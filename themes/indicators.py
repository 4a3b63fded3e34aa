"""The indicators `themes` computes over its own data."""

from django.utils.translation import gettext_lazy as _

from themes.registry import ALL_MEASURES, Indicator, indicators
from themes.selectors import published_evidence_count


def register_theme_indicators() -> None:
    indicators.register(
        Indicator(
            key="themes.published_evidence",
            label=_("Published evidence"),
            method=_(
                "The number of links and documents attached to the measure's published "
                "progress updates."
            ),
            measures=ALL_MEASURES,
            compute=published_evidence_count,
        )
    )
