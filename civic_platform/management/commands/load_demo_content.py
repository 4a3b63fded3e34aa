from django.core.management.base import BaseCommand, CommandError

from civic_platform.discovery import project_app_modules
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
        # Each app with a `demo` module adds its own samples, so this command lists no app.
        for module in project_app_modules("demo"):
            created, kept = module.demo_content_ensure()
            if options["verbosity"] > 0:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"  {module.__name__}: {created} created, {kept} already present."
                    )
                )
