from django.core.management.base import BaseCommand, CommandError

from civic_platform.services import demo_content_ensure


class Command(BaseCommand):
    help = (
        "Add demonstration content for a local try-out (`make run`); never for production. "
        "Safe to run again: existing content is kept."
    )

    def handle(self, *args, **options):
        try:
            report = demo_content_ensure()
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] > 0:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demonstration content: {len(report.created)} pages created, "
                    f"{len(report.kept)} already present."
                )
            )
