"""The numbers behind each chart of a report page, as one table a chart: the SVG chart, the
table next to it and the chart's CSV download are all drawn from that table, so the three
cannot say different things. Values stay raw (Decimal, int, str or None) until the edge: the
page shows them localized (`municipalities/includes/chart_table.html`), the download writes
plain decimals under the columns' stable English keys.

Nothing here reads the database: the builders take what municipalities.selectors returned.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from municipalities.charts import ChartRow
from municipalities.choices import EXECUTION_STAGES, LineKind

TEXT, AMOUNT, RATE = "text", "amount", "rate"
# The table shows an execution rate to one decimal; its download says the same number.
RATE_PLACES = Decimal("0.1")


@dataclass(frozen=True)
class Column:
    key: str  # the download's header, the same in every language
    label: str  # the page's header, in the page's language
    format: str = AMOUNT
    # A column only for machines (a category's code): in the download, not on the page.
    on_page: bool = True


@dataclass(frozen=True)
class TableRow:
    values: tuple
    link: str = ""  # where the row's heading leads on the page; nowhere when empty


@dataclass(frozen=True)
class PageRow:
    cells: list[tuple[Column, object]]
    link: str


@dataclass(frozen=True)
class ChartTable:
    columns: tuple[Column, ...]
    rows: tuple[TableRow, ...]

    def _index(self, key: str) -> int:
        return [column.key for column in self.columns].index(key)

    @property
    def keys(self) -> list[str]:
        return [column.key for column in self.columns]

    def records(self) -> list[dict]:
        """The rows as the download writes them: one dict a row, by column key."""
        return [dict(zip(self.keys, row.values, strict=True)) for row in self.rows]

    def where(self, key: str, value) -> "ChartTable":
        """The rows whose `key` column holds `value`: the page shows one table of them."""
        index = self._index(key)
        return ChartTable(self.columns, tuple(r for r in self.rows if r.values[index] == value))

    @property
    def page_columns(self) -> list[Column]:
        return [column for column in self.columns if column.on_page]

    @property
    def page_rows(self) -> list[PageRow]:
        shown = [i for i, column in enumerate(self.columns) if column.on_page]
        return [
            PageRow([(self.columns[i], row.values[i]) for i in shown], row.link)
            for row in self.rows
        ]

    def chart_rows(self, *, label: str, values: tuple[str, ...]) -> list[ChartRow]:
        """The chart's bars: a group per row, named by the `label` column, one bar for each
        of the `values` columns. A row without any of those amounts draws no group."""
        label_at, value_at = self._index(label), [self._index(key) for key in values]
        return [
            ChartRow(str(row.values[label_at]), tuple(row.values[i] for i in value_at))
            for row in self.rows
            if any(row.values[i] is not None for i in value_at)
        ]


def shown_amount(stage: str) -> str:
    """The amount a chart of this stage shows: executed for an execution report, else
    planned."""
    return "executed" if stage in EXECUTION_STAGES else "planned"


def _rate(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def category_table(sums: dict) -> ChartTable:
    """By category: revenue's categories, then expenditure's, largest planned first."""
    columns = (
        Column("kind", _("Kind"), TEXT, on_page=False),
        Column("category", _("Code"), TEXT, on_page=False),
        Column("name", _("Category"), TEXT),
        Column("planned", _("Planned")),
        Column("revised", _("Revised")),
        Column("executed", _("Executed")),
    )
    rows = tuple(
        TableRow((kind, row.category, row.label, row.planned, row.revised, row.executed))
        for kind in LineKind.values
        for row in sums[kind]
    )
    return ChartTable(columns, rows)


def execution_table(sums: dict) -> ChartTable:
    """Expenditure planned against executed, by function, with the share executed."""
    columns = (
        Column("category", _("Code"), TEXT, on_page=False),
        Column("name", _("Category"), TEXT),
        Column("planned", _("Planned")),
        Column("executed", _("Executed")),
        Column("execution_rate", _("Executed, %"), RATE),
    )
    rows = tuple(
        TableRow((row.category, row.label, row.planned, row.executed, _rate(row.execution_rate)))
        for row in sums[LineKind.EXPENDITURE]
    )
    return ChartTable(columns, rows)


def yearly_table(
    reports: list, stage: str, *, link: Callable[[object], str] = lambda report: ""
) -> ChartTable:
    """Year over year: each year's report of the stage, oldest first, with its revenue and
    expenditure of the amount the stage shows. The keys name that amount, since the download
    has no caption; `link(report)` is where a year's heading leads on the page."""
    amount = shown_amount(stage)
    columns = (
        Column("year", _("Year"), TEXT),
        Column(f"revenue_{amount}", _("Revenue")),
        Column(f"expenditure_{amount}", _("Expenditure")),
    )
    rows = tuple(
        TableRow(
            (
                other.year,
                getattr(other.current, f"revenue_{amount}"),
                getattr(other.current, f"expenditure_{amount}"),
            ),
            link(other),
        )
        for other in reports
    )
    return ChartTable(columns, rows)
