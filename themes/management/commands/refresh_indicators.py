from django.core.management.base import BaseCommand, CommandError

from themes.services import indicator_snapshots_refresh


class Command(BaseCommand):
    help = "Compute every registered indicator of every measure again."

    def handle(self, *args, **options):
        failed = indicator_snapshots_refresh()
        if failed:
            raise CommandError(f"{len(failed)} indicator values failed: {', '.join(failed)}")
        if options["verbosity"] > 0:
            self.stdout.write(self.style.SUCCESS("Every indicator is up to date."))
