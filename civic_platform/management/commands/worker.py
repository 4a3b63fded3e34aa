"""The project's worker: django-tasks-db's worker, after scheduling the periodic jobs."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from civic_platform.worker import periodic_jobs_ensure


class Command(DatabaseWorkerCommand):
    help = (
        "Run the background worker: notification emails, the daily digest and every other "
        "enqueued task. Schedules the periodic jobs first (once, however many workers run)."
    )

    def handle(self, *args, **options):
        for key in periodic_jobs_ensure():
            self.stdout.write(f"Scheduled the periodic job {key}.")
        return super().handle(*args, **options)
