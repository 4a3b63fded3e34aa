"""Bar charts drawn on the server as SVG, so a budget reads as a picture without any script,
under the site's CSP (no inline style: colours come from the classes `chart-series--N` in
municipalities.css). Every chart stands next to a table of the same numbers, which is what
screen readers and phones narrower than the chart's labels rely on.

A chart is a list of rows, each a label and one bar per series (None draws no bar); the bars
of a row share one scale with every other row, so lengths compare across the whole chart.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

# About a phone's width in CSS pixels, so the labels keep their size on a 375 px screen.
WIDTH = 360
LABEL_HEIGHT = 20
BAR_HEIGHT = 16
BAR_GAP = 4
ROW_GAP = 14
# Room right of the longest bar for its value.
VALUE_ROOM = 100


@dataclass(frozen=True)
class ChartRow:
    label: str
    values: tuple[Decimal | None, ...]


def _amount(value: Decimal) -> str:
    return number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)


def bar_chart(
    rows: list[ChartRow], *, series: tuple[str, ...], labelled_by: str
) -> SafeString | None:
    """The SVG of a horizontal bar chart, or None when there is nothing to draw.
    `labelled_by` is the id of the caption that says what it shows."""
    values = [value for row in rows for value in row.values if value is not None]
    if not rows or not values:
        return None
    largest = max(max(values), Decimal(0))
    scale = (WIDTH - VALUE_ROOM) / largest if largest > 0 else Decimal(0)
    row_height = LABEL_HEIGHT + len(series) * (BAR_HEIGHT + BAR_GAP) + ROW_GAP
    groups = []
    for index, row in enumerate(rows):
        bars = []
        for position, (name, value) in enumerate(zip(series, row.values, strict=True)):
            if value is None:
                continue
            y = LABEL_HEIGHT + position * (BAR_HEIGHT + BAR_GAP)
            length = max(float(max(value, Decimal(0)) * scale), 1.0)
            bars.append(
                format_html(
                    '<rect class="chart-series--{}" x="0" y="{}" width="{}" height="{}">'
                    "<title>{}: {}</title></rect>"
                    '<text class="chart__value" x="{}" y="{}">{}</text>',
                    position,
                    y,
                    f"{length:.1f}",
                    BAR_HEIGHT,
                    name,
                    _amount(value),
                    f"{length + 6:.1f}",
                    y + BAR_HEIGHT - 3,
                    _amount(value),
                )
            )
        groups.append(
            format_html(
                '<g transform="translate(0 {})"><text class="chart__label" x="0" y="14">{}</text>'
                "{}</g>",
                index * row_height,
                row.label,
                SafeString("".join(bars)),
            )
        )
    height = len(rows) * row_height
    return format_html(
        '<svg class="chart__svg" viewBox="0 0 {} {}" role="img" aria-labelledby="{}" '
        'focusable="false">{}</svg>',
        WIDTH,
        height,
        labelled_by,
        format_html_join("", "{}", ((group,) for group in groups)),
    )
