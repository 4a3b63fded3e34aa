"""A council's chair and secretary hold their rights for their term, which begins and ends
with the date: the daily job gives and takes them, with no publication needed."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from civic_platform.worker import periodic_jobs
from councils.apps import ROLE_HOLDERS_JOB
from councils.models import CouncilMember
from councils.services import council_roles_sync
from tests.councils.helpers import make_council, make_meeting, make_minutes
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

BAKU = zoneinfo.ZoneInfo("Asia/Baku")


def _rights(user, page) -> set[str]:
    # Fresh from the database: Wagtail keeps a user's permissions on the user object.
    permissions = page.permissions_for_user(get_user_model().objects.get(pk=user.pk))
    checks = {
        "edit": permissions.can_edit,
        "delete": permissions.can_delete,
        "publish": permissions.can_publish,
    }
    return {right for right, check in checks.items() if check()}


def test_the_daily_job_takes_rights_from_ended_terms_and_gives_them_to_terms_begun_today(
    site_structure,
):
    today = timezone.localdate()
    chair, secretary, next_secretary = UserFactory(), UserFactory(), UserFactory()
    council = make_council(
        "Ədliyyə şurası",
        slug="edliyye",
        members=[
            ("Sədr", "chair", chair),
            ("Katib", "secretary", secretary),
            ("Yeni katib", "secretary", next_secretary),
        ],
    )
    draft = make_minutes(make_meeting(council, slug="iclas"), publish=False)
    # As published on the last day of the old terms, the day before the new one begins.
    members = CouncilMember.objects.filter(council=council)
    members.filter(name__in=["Sədr", "Katib"]).update(term_end=today)
    members.filter(name="Yeni katib").update(term_start=today + datetime.timedelta(days=1))
    council_roles_sync(council=council)
    assert _rights(chair, draft) == {"edit", "delete", "publish"}
    assert _rights(secretary, draft) == {"edit", "delete"}
    assert _rights(next_secretary, draft) == set()

    # A day later.
    members.filter(name__in=["Sədr", "Katib"]).update(term_end=today - datetime.timedelta(days=1))
    members.filter(name="Yeni katib").update(term_start=today)
    periodic_jobs()[ROLE_HOLDERS_JOB].run()

    assert _rights(chair, draft) == set()
    assert _rights(secretary, draft) == set()
    assert _rights(next_secretary, draft) == {"edit", "delete"}


@pytest.mark.parametrize(
    ("moment", "next_run"),
    [
        (datetime.datetime(2026, 11, 27, 14, 0), datetime.datetime(2026, 11, 28, 0, 5)),
        (datetime.datetime(2026, 11, 27, 23, 59), datetime.datetime(2026, 11, 28, 0, 5)),
        (datetime.datetime(2026, 11, 28, 0, 1), datetime.datetime(2026, 11, 28, 0, 5)),
        (datetime.datetime(2026, 11, 28, 0, 5), datetime.datetime(2026, 11, 29, 0, 5)),
        (datetime.datetime(2026, 12, 31, 23, 0), datetime.datetime(2027, 1, 1, 0, 5)),
    ],
)
def test_the_role_job_runs_just_after_the_next_midnight_in_baku(moment, next_run):
    job = periodic_jobs()[ROLE_HOLDERS_JOB]

    scheduled = job.next_run_after(moment.replace(tzinfo=BAKU))

    assert scheduled == next_run.replace(tzinfo=BAKU)
    # From a moment given in UTC (as the worker gives it), the same local time.
    assert job.next_run_after(moment.replace(tzinfo=BAKU).astimezone(datetime.UTC)) == scheduled
