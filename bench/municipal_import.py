"""Importing a municipality's budget report of 10,000 lines, as `import_budget_report` does:
the file read and checked (CSV, and the same lines as XLSX), then saved as a new revision with
its lines and stored totals in one transaction. Prints seconds and lines per second of each
step; the issue asks for "in seconds". Timings are printed, never asserted.

The database is the bench's own (bench.pages), migrated here when it is not yet.
"""

import io
import os
import time
from urllib.parse import urlsplit

from openpyxl import Workbook

from bench.pages import bench_database_url, prepare_database
from municipalities.models import Municipality
from municipalities.services.budget_import import COLUMNS, budget_file_parse
from municipalities.services.registry import municipalities_import
from municipalities.services.reports import budget_report_import

LINES = 10_000
SLUG = "bench-municipality"
REGISTRY = (
    "slug,name,region,kind,population,population_year,website,email,phone,address\n"
    f"{SLUG},Bench bələdiyyəsi,Bench rayonu,city,100000,2025,,,,\n"
)


def report_rows() -> list[list[str]]:
    """Half revenue, half expenditure, amounts written the ways people write them."""
    rows = []
    for n in range(LINES):
        kind = "revenue" if n % 2 == 0 else "expenditure"
        code = f"{1 + n % 3}.{n}" if kind == "revenue" else f"{1 + n % 13:02d}.{n}"
        planned = f"{1000 + n} {n % 1000:03d},{n % 100:02d}"
        executed = f"{900 + n}{n % 1000:03d}.{n % 100:02d}"
        rows.append([code, f"Sətir {n}", kind, planned, "", executed])
    return rows


def as_csv(rows) -> bytes:
    lines = [",".join(COLUMNS)] + [
        ",".join(f'"{cell}"' if "," in cell else cell for cell in row) for row in rows
    ]
    return ("\ufeff" + "\n".join(lines) + "\n").encode()


def as_xlsx(rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _timed(step):
    started = time.perf_counter()
    result = step()
    return result, time.perf_counter() - started


def _line(label: str, seconds: float) -> None:
    print(f"  {label:<38} {seconds:6.2f} s  {LINES / seconds:>9,.0f} lines/s", flush=True)


def run() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "civic_platform.settings.test",
        "DATABASE_URL": bench_database_url(os.environ["DATABASE_URL"]),
    }
    print(f"bench database: {urlsplit(env['DATABASE_URL']).path.lstrip('/')}", flush=True)
    prepare_database(env)
    municipalities_import(data=REGISTRY.encode(), is_demo=True)
    municipality = Municipality.objects.in_source_language().get(slug=SLUG)
    rows = report_rows()
    csv_data, xlsx_data = as_csv(rows), as_xlsx(rows)
    print(
        f"{LINES:,} lines: CSV {len(csv_data) / 1e6:.1f} MB, XLSX {len(xlsx_data) / 1e6:.1f} MB",
        flush=True,
    )
    parsed, csv_seconds = _timed(lambda: budget_file_parse(csv_data, stage="annual"))
    _line("read and check the CSV", csv_seconds)
    _unused, xlsx_seconds = _timed(
        lambda: budget_file_parse(xlsx_data, stage="annual", file_name="report.xlsx")
    )
    _line("read and check the XLSX", xlsx_seconds)
    revision, save_seconds = _timed(
        lambda: budget_report_import(
            municipality=municipality,
            year=2025,
            stage="annual",
            data=csv_data,
            user=None,
            parsed=parsed,
        )
    )
    _line(f"save revision {revision.number} (lines and totals)", save_seconds)
    _line("CSV import, read to saved", csv_seconds + save_seconds)
    print(
        f"  saving / reading the CSV: {save_seconds / csv_seconds:.1f}; "
        f"XLSX / CSV reading: {xlsx_seconds / csv_seconds:.1f}",
        flush=True,
    )
