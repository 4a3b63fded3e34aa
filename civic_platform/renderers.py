"""CSV downloads of the open data lists, for people who work in spreadsheets."""

import csv
import io

from rest_framework.renderers import BaseRenderer


def _flatten(value) -> str:
    if isinstance(value, list):
        return "; ".join(_flatten(item) for item in value)
    if isinstance(value, dict):
        return value.get("title") or value.get("name") or value.get("code") or ""
    return "" if value is None else str(value)


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and "results" in data:
            data = data["results"]
        if isinstance(data, dict):
            # An error or a single object: one row, so the message still reaches the reader.
            data = [data]
        rows = list(data or [])
        columns: list[str] = []
        for row in rows:
            columns.extend(key for key in row if key not in columns)
        buffer = io.StringIO()
        # The byte-order mark lets spreadsheet programs read Azerbaijani letters as UTF-8.
        buffer.write("\ufeff")
        writer = csv.writer(buffer)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_flatten(row.get(column)) for column in columns])
        return buffer.getvalue().encode("utf-8")
