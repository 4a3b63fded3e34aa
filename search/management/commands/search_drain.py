from django.core.management.base import BaseCommand, CommandError

from search.services import search_drain


class Command(BaseCommand):
    help = (
        "Index what the search outbox holds, in bulk. Safe to run again and beside the worker: "
        "a document indexed twice is the same document. Rows stay while Elasticsearch is away."
    )

    def handle(self, *args, **options):
        report = search_drain()
        if not report.complete:
            raise CommandError(
                f"Elasticsearch did not take the documents ({report.error}); "
                f"{report.documents} were indexed, the rest wait in the outbox."
            )
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS(f"Indexed {report.documents} documents."))
