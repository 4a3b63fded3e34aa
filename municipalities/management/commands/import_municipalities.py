from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from municipalities.services.registry import (
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
    RegistryFileError,
    municipalities_import,
)


class Command(BaseCommand):
    help = (
        "Load or update the municipal registry from a CSV file, by slug (running it again "
        f"changes nothing). Header: {','.join(REQUIRED_COLUMNS)}, then any of "
        f"{','.join(OPTIONAL_COLUMNS)}. Any bad row is reported and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The CSV file, UTF-8.")
        parser.add_argument(
            "--demo", action="store_true", help="Mark every municipality of the file as demo data."
        )

    def handle(self, *args, **options):
        try:
            data = options["file"].read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}.") from error
        try:
            result = municipalities_import(data=data, is_demo=options["demo"])
        except RegistryFileError as error:
            for row_error in error.errors:
                self.stderr.write(str(row_error))
            raise CommandError(
                f"{len(error.errors)} error(s) in {options['file']}; nothing was saved."
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.created} created, {result.updated} updated, {result.unchanged} unchanged."
            )
        )
