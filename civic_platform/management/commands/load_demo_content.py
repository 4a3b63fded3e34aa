from django.core.management.base import BaseCommand, CommandError

from civic_platform.discovery import project_app_modules
from civic_platform.services import demo_content_ensure


class Command(BaseCommand):
    help = (
        "Add demonstration content for a local try-out (`make run`); never for production. "
        "Safe to run again: existing content is kept."
    )

    def handle(self, *args, **options):
        # The core's pages first, then each app's (its `demo_content.demo_content_ensure`),
        # found by discovery so that the core names no app.
        ensures = [demo_content_ensure] + [
            module.demo_content_ensure for module in project_app_modules("demo_content")
        ]
        created = kept = 0
        for ensure in ensures:
            try:
                report = ensure()
            except ValueError as error:
                raise CommandError(str(error)) from error
            created += len(report.created)
            kept += len(report.kept)
        if options["verbosity"] > 0:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demonstration content: {created} created, {kept} already present."
                )
            )
