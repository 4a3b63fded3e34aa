"""Recurring background work, scheduled by the project itself (no cron).

An app registers a periodic job in its AppConfig.ready(): a function and when it next runs
after a given moment. The worker (`manage.py worker`) makes sure each registered job has one
pending run in the task queue when it starts; each run, when done, enqueues the next. Starting
two workers, or restarting one, never doubles a job: the check and the enqueue happen under one
lock, and a job that is already pending is left alone.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import connection, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    key: str
    run: Callable[[], object]
    # next_run_after(moment) -> the next moment after `moment` the job should run
    next_run_after: Callable[[datetime], datetime]


_jobs: dict[str, PeriodicJob] = {}


def next_time_of_day_after(moment: datetime, at: time) -> datetime:
    """The next `at` on the site's clock (its time zone) after `moment`: when a daily job
    runs next."""
    zone = timezone.get_default_timezone()
    day = timezone.localtime(moment, zone).date()
    while True:
        candidate = timezone.make_aware(datetime.combine(day, at), zone)
        if candidate > moment:
            return candidate
        day += timedelta(days=1)


def register_periodic_job(job: PeriodicJob) -> PeriodicJob:
    if job.key in _jobs:
        raise ValueError(f"A periodic job with the key {job.key!r} is already registered.")
    _jobs[job.key] = job
    return job


def periodic_jobs() -> dict[str, PeriodicJob]:
    return dict(_jobs)


def _lock_schedule() -> None:
    """Hold, until the transaction ends, the one lock under which runs are scheduled."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Any fixed number: the schedule's own lock, released at commit.
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [7_310_201])
    # SQLite serialises every writing transaction already.


def _pending(key: str):
    return DBTaskResult.objects.filter(
        task_path=periodic_job_run.module_path,
        status=TaskResultStatus.READY,
        args_kwargs__args=[key],
    )


def _schedule(key: str, *, after: datetime) -> bool:
    """Enqueue the job's next run unless one is pending; True when one was enqueued."""
    with transaction.atomic():
        _lock_schedule()
        if _pending(key).exists():
            return False
        run_after = _jobs[key].next_run_after(after)
        periodic_job_run.using(run_after=run_after).enqueue(key)
        logger.info("Periodic job %s scheduled for %s", key, run_after.isoformat())
        return True


def periodic_jobs_ensure(*, now: datetime | None = None) -> list[str]:
    """Give every registered job a pending run; return the keys that were scheduled now."""
    now = now or timezone.now()
    return [key for key in _jobs if _schedule(key, after=now)]


@task()
def periodic_job_run(key: str) -> None:
    job = _jobs.get(key)
    if job is None:
        logger.warning("Periodic job %s is no longer registered; not scheduled again", key)
        return
    try:
        job.run()
    finally:
        # A failing run must not end the schedule; the next one is due at its own time.
        _schedule(key, after=timezone.now())
