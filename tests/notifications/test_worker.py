"""The project's worker, run as operators run it: `manage.py worker` in its own process."""

import datetime

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from civic_platform.notifications import services
from civic_platform.notifications.models import Digest, Notification
from civic_platform.services import locales_ensure
from civic_platform.worker import periodic_job_run
from tests.factories import ProgressUpdateFactory, UserFactory, source_locale
from tests.processes import child_env, run_python
from themes.models import Measure, ThematicArea
from themes.notifications import PROGRESS_UPDATE_PUBLISHED

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_BACKEND = "django_tasks_db.DatabaseBackend"
DIGEST_JOB = "notifications.daily-digest"


@pytest.fixture
def worker_queue():
    """The test enqueues into the database, where the worker process finds the tasks."""
    with override_settings(TASKS={"default": {"BACKEND": DATABASE_BACKEND}}):
        yield


def _run_worker(*extra):
    database = connection.settings_dict
    url = (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
        f"{database['PORT']}/{database['NAME']}"
    )
    result = run_python(
        ["manage.py", "worker", "--batch", "--no-startup-delay", "--no-reload", *extra],
        env=child_env(DATABASE_URL=url, TASKS_BACKEND=DATABASE_BACKEND),
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def _measure():
    """Measure 5.5: imported when this test runs first, made here after another's flush."""
    locales_ensure()
    found = Measure.objects.filter(code="5.5").first()
    if found is not None:
        return found
    area, _ = ThematicArea.objects.get_or_create(number=5)
    return Measure.objects.create(
        code="5.5", area=area, position=5, deadline="2021", deadline_start=2021, deadline_end=2022
    )


def _pending_digest_jobs():
    return DBTaskResult.objects.filter(
        task_path=periodic_job_run.module_path,
        status=TaskResultStatus.READY,
        args_kwargs__args=[DIGEST_JOB],
    )


def test_the_worker_sends_an_email_at_once_that_a_published_update_enqueued(worker_queue):
    measure = _measure()
    follower = UserFactory()
    services.preferences_save(user=follower, deliveries={PROGRESS_UPDATE_PUBLISHED: "email"})
    services.follow(user=follower, obj=measure)
    update = ProgressUpdateFactory(measure=measure, live=False, locale=source_locale())
    update.save_revision().publish()
    notification = Notification.objects.get(user=follower)
    assert notification.emailed_at is None, "sent before any worker ran"

    _run_worker()

    notification.refresh_from_db()
    assert notification.emailed_at is not None
    assert not DBTaskResult.objects.filter(status=TaskResultStatus.FAILED).exists()


def test_the_worker_schedules_the_daily_digest_once_however_often_it_starts(worker_queue):
    _run_worker()
    _run_worker()
    (job,) = _pending_digest_jobs()
    assert job.run_after > timezone.now()
    assert timezone.localtime(job.run_after).hour == 8


def test_a_due_digest_run_by_the_worker_sends_once_and_schedules_the_next(worker_queue):
    measure = _measure()
    follower = UserFactory()
    services.follow(user=follower, obj=measure)
    ProgressUpdateFactory(
        measure=measure, live=False, locale=source_locale()
    ).save_revision().publish()
    # Two runs due now, as if two workers had each scheduled one: one digest goes out.
    for _ in range(2):
        periodic_job_run.using(run_after=timezone.now() - datetime.timedelta(minutes=1)).enqueue(
            DIGEST_JOB
        )

    _run_worker()

    assert Digest.objects.filter(user=follower).count() == 1
    assert Notification.objects.get(user=follower).emailed_at is not None
    assert _pending_digest_jobs().count() == 1
