from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from consultations.choices import SectionKind
from consultations.models import ConsultationPage
from consultations.services.drafts import BudgetImportError, draft_budget_import


class Command(BaseCommand):
    help = (
        "Import a draft budget's lines from a CSV file (code,name,amount,previous_amount) into "
        "a consultation page as a new draft revision, to be published by an editor. Any bad "
        "row is reported and nothing is saved."
    )

    def add_arguments(self, parser):
        parser.add_argument("--page", type=int, required=True, help="Id of the consultation page.")
        parser.add_argument("file", type=Path, help="The CSV file, UTF-8.")

    def handle(self, *args, **options):
        page = ConsultationPage.objects.filter(pk=options["page"]).first()
        if page is None:
            raise CommandError(f"There is no consultation page with id {options['page']}.")
        try:
            data = options["file"].read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}.") from error
        self.stdout.write(f"Reading {options['file']} for “{page.title}” (page {page.pk})…")
        try:
            revision = draft_budget_import(page=page, data=data, user=None)
        except BudgetImportError as error:
            for row_error in error.errors:
                self.stderr.write(str(row_error))
            raise CommandError(
                f"{len(error.errors)} error(s) in {options['file']}; nothing was saved."
            ) from error
        lines = [
            section
            for section in revision.as_object().sections.all()
            if section.kind == SectionKind.BUDGET_LINE
        ]
        withdrawn = sum(1 for line in lines if line.withdrawn)
        kept = (
            f", and {withdrawn} published line(s) the file no longer has, kept with their "
            "comments as no longer in the draft"
            if withdrawn
            else ""
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Saved draft revision {revision.pk} with {len(lines) - withdrawn} budget "
                f"lines{kept}; publish it in the admin to show it."
            )
        )
