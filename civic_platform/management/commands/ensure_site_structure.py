from django.core.management.base import BaseCommand

from civic_platform.services import site_structure_ensure


class Command(BaseCommand):
    help = (
        "Create the pages every installation needs (home page and sections, in az, en and ru) "
        "where they are missing. Safe to run again: existing pages and editors' changes are kept."
    )

    def handle(self, *args, **options):
        if options["verbosity"] > 0:
            self.stdout.write("Site structure (home page and sections, in az, en, ru)...")
        report = site_structure_ensure()
        if options["verbosity"] > 0:
            self.stdout.write(
                self.style.SUCCESS(
                    f"  {len(report.created)} pages created, {len(report.kept)} already present."
                )
            )
