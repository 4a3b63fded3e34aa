from django.core.management.base import BaseCommand

from civic_platform.services import site_structure_ensure


class Command(BaseCommand):
    help = (
        "Create the site's pages and demonstration content where they are missing. "
        "Safe to run again: existing content is kept."
    )

    def handle(self, *args, **options):
        if options["verbosity"] == 0:
            site_structure_ensure()
            return
        self.stdout.write("Site structure (home page and sections, in az, en, ru)...")
        report = site_structure_ensure()
        self.stdout.write(
            self.style.SUCCESS(
                f"  {len(report.created)} pages created, {len(report.kept)} already present."
            )
        )
