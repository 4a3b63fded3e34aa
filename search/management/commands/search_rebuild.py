from django.core.management.base import BaseCommand, CommandError

from search.services import SearchUnavailable, search_rebuild

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Index everything again from the database: the database search's entries and, with "
        "ELASTICSEARCH_URL set, a fresh versioned index that replaces the live one in one step "
        "once it is complete (searches keep answering meanwhile)."
    )

    def handle(self, *args, **options):
        verbose = options["verbosity"] > 0

        def progress(label: str, done: int, total: int) -> None:
            if not verbose:
                return
            filled = BAR_WIDTH * done // total if total else BAR_WIDTH
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            end = "\n" if done >= total else ""
            self.stdout.write(f"\r{label:<20} [{bar}] {done}/{total}", ending=end)
            self.stdout.flush()

        try:
            report = search_rebuild(progress=progress)
        except SearchUnavailable as error:
            raise CommandError(
                f"Elasticsearch could not be rebuilt ({error}); searches still read the "
                "previous index."
            ) from error
        if verbose:
            where = f" into {report.index}" if report.index else ""
            self.stdout.write(self.style.SUCCESS(f"Indexed {report.documents} documents{where}."))
            if report.replaced:
                self.stdout.write(f"Replaced and deleted: {', '.join(report.replaced)}")
