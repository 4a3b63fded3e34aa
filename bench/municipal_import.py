"""Importing a municipality's budget report of 10,000 lines with the command the issue names,
`manage.py import_budget_report --municipality SLUG --year YYYY --stage STAGE FILE` (run in
this process), from a CSV file and from an XLSX file of the same lines: each a new revision with
its lines and stored totals, in one transaction. Reading and checking each file alone is timed
beside it, so the ratios say what reading costs against saving. Prints seconds and lines per
second; the issue asks for "in seconds". Timings are printed, never asserted.

The database is the bench's own (bench.pages), migrated here when it is not yet.
"""

import io
import os
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from django.core.management import call_command
from openpyxl import Workbook

from bench.pages import bench_database_url, prepare_database
from municipalities.services.budget_import import COLUMNS, budget_file_parse
from municipalities.services.registry import municipalities_import

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
    print(f"  {label:<42} {seconds:6.2f} s  {LINES / seconds:>9,.0f} lines/s", flush=True)


def _command(path: Path, *, year: int = 2025) -> None:
    """`manage.py import_budget_report` on the file, in this process."""
    call_command(
        "import_budget_report",
        "--municipality",
        SLUG,
        "--year",
        str(year),
        "--stage",
        "annual",
        str(path),
        stdout=io.StringIO(),
    )


def run() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "civic_platform.settings.test",
        "DATABASE_URL": bench_database_url(os.environ["DATABASE_URL"]),
    }
    print(f"bench database: {urlsplit(env['DATABASE_URL']).path.lstrip('/')}", flush=True)
    prepare_database(env)
    municipalities_import(data=REGISTRY.encode(), is_demo=True)
    rows = report_rows()
    with tempfile.TemporaryDirectory() as folder:
        csv_file, xlsx_file = Path(folder, "report.csv"), Path(folder, "report.xlsx")
        csv_file.write_bytes(as_csv(rows))
        xlsx_file.write_bytes(as_xlsx(rows))
        print(
            f"{LINES:,} lines: CSV {csv_file.stat().st_size / 1e6:.1f} MB, "
            f"XLSX {xlsx_file.stat().st_size / 1e6:.1f} MB",
            flush=True,
        )
        csv_data, xlsx_data = csv_file.read_bytes(), xlsx_file.read_bytes()
        # What the process does once, whichever file is first (the URL resolver built to index
        # the report for search, the first queries), on a small file of another year.
        warm_up = Path(folder, "warm-up.csv")
        warm_up.write_bytes(as_csv(rows[:10]))
        _command(warm_up, year=2024)
        _unused, csv_read = _timed(lambda: budget_file_parse(csv_data, stage="annual"))
        _line("read and check the CSV", csv_read)
        _unused, xlsx_read = _timed(
            lambda: budget_file_parse(xlsx_data, stage="annual", file_name=xlsx_file.name)
        )
        _line("read and check the XLSX", xlsx_read)
        _unused, csv_command = _timed(lambda: _command(csv_file))
        _line("import_budget_report, the CSV", csv_command)
        _unused, xlsx_command = _timed(lambda: _command(xlsx_file))
        _line("import_budget_report, the XLSX", xlsx_command)
    print(
        f"  XLSX / CSV reading: {xlsx_read / csv_read:.1f}; XLSX / CSV command: "
        f"{xlsx_command / csv_command:.1f}; the CSV command / reading the CSV: "
        f"{csv_command / csv_read:.1f}",
        flush=True,
    )
