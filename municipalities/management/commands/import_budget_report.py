import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from municipalities.choices import Stage
from municipalities.models import Municipality
from municipalities.models.registry import FIRST_YEAR, LAST_YEAR
from municipalities.services.budget_import import COLUMNS, BudgetFileError, budget_file_parse
from municipalities.services.reports import budget_report_import


class Command(BaseCommand):
    help = (
        "Import a municipality's budget report for a year and stage from a CSV or XLSX file "
        f"({','.join(COLUMNS)}), as a new revision of the report (unpublished when new). Any "
        "bad row is reported and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("--municipality", required=True, help="Slug of the municipality.")
        parser.add_argument("--year", type=int, required=True, help="The budget year.")
        parser.add_argument("--stage", required=True, choices=Stage.values)
        parser.add_argument("file", type=Path, help="The CSV (UTF-8) or XLSX file.")

    def handle(self, *args, **options):
        municipality = (
            Municipality.objects.in_source_language().filter(slug=options["municipality"]).first()
        )
        if municipality is None:
            raise CommandError(f"There is no municipality with the slug {options['municipality']}.")
        if not FIRST_YEAR <= options["year"] <= LAST_YEAR:
            raise CommandError(f"The year must be from {FIRST_YEAR} to {LAST_YEAR}.")
        path = options["file"]
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error
        started = time.perf_counter()
        self.stdout.write(f"Reading {path} ({len(data):,} bytes)…")
        try:
            parsed = budget_file_parse(data, stage=options["stage"], file_name=path.name)
        except BudgetFileError as error:
            for row_error in error.errors:
                self.stderr.write(str(row_error))
            raise CommandError(
                f"{len(error.errors)} error(s) in {path}; nothing was saved."
            ) from error
        self.stdout.write(f"{len(parsed.lines):,} lines checked; saving…")

        def progress(saved: int, total: int) -> None:
            self.stdout.write(f"  {saved:,} of {total:,} lines saved")

        revision = budget_report_import(
            municipality=municipality,
            year=options["year"],
            stage=options["stage"],
            data=data,
            file_name=path.name,
            user=None,
            parsed=parsed,
            progress=progress,
        )
        state = "published" if revision.report.is_published else "not published yet"
        self.stdout.write(
            self.style.SUCCESS(
                f"Saved revision {revision.number} of {municipality.slug} {options['year']} "
                f"{options['stage']} with {revision.line_count:,} lines in "
                f"{time.perf_counter() - started:.1f} s ({state})."
            )
        )
