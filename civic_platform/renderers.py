"""CSV downloads of the open data, for people who work in spreadsheets."""

import csv
from collections.abc import Iterable, Iterator
from decimal import Decimal

from rest_framework.renderers import BaseRenderer

# The byte-order mark lets spreadsheet programs read Azerbaijani letters as UTF-8.
BYTE_ORDER_MARK = "\ufeff"
# A cell starting with one of these is run as a formula by spreadsheet programs (CSV
# injection); editors' and citizens' text reaches these files, so such cells are quoted.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _flatten(value) -> str:
    if isinstance(value, list):
        return "; ".join(_flatten(item) for item in value)
    if isinstance(value, dict):
        return value.get("title") or value.get("name") or value.get("code") or ""
    return "" if value is None else str(value)


def spreadsheet_cell(value) -> str:
    """The value as a cell a spreadsheet shows as text and never evaluates."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)  # a number, even a negative one, is not a formula
    text = _flatten(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _LineBuffer:
    """csv.writer writes into this, which hands each written line straight back."""

    def write(self, line: str) -> str:
        return line


def csv_lines(columns: list[str], records: Iterable[dict]) -> Iterator[str]:
    """The header, then one line per record, produced as the records are."""
    writer = csv.writer(_LineBuffer())
    yield BYTE_ORDER_MARK + writer.writerow(columns)
    for record in records:
        yield writer.writerow([spreadsheet_cell(record.get(column)) for column in columns])


class CSVRenderer(BaseRenderer):
    """A single object as a one-row CSV download; lists are streamed by OpenDataViewMixin."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        rows = data if isinstance(data, list) else [data or {}]
        columns: list[str] = []
        for row in rows:
            columns.extend(key for key in row if key not in columns)
        view, response = renderer_context.get("view"), renderer_context.get("response")
        if response is not None and hasattr(view, "csv_filename"):
            response["Content-Disposition"] = f'attachment; filename="{view.csv_filename()}"'
        return "".join(csv_lines(columns, rows)).encode(self.charset)
