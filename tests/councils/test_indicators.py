"""The plan's council indicators (measures 5.5 and 5.4) are counted from published councils,
meetings and minutes, and recounted whenever a council's page is published."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from civic_platform.worker import periodic_jobs
from councils.models import MeetingPage, MinutesPage
from councils.selectors import councils_with_recent_minutes_count
from tests.councils.helpers import make_council, make_meeting, make_minutes
from themes.models import IndicatorSnapshot

pytestmark = pytest.mark.django_db


def value_of(key: str, code: str):
    return IndicatorSnapshot.objects.get(indicator_key=key, measure__code=code).value


def publish_minutes(meeting, *, ngo_representatives=0):
    minutes = make_minutes(meeting, publish=False)
    minutes.ngo_representatives = ngo_representatives
    minutes.save_revision().publish()
    return minutes


@pytest.fixture
def councils(site_structure):
    prompt = make_council("Ədliyyə Şurası", slug="edliyye-surasi")
    late = make_council("Təhsil Şurası", slug="tehsil-surasi", body="ministry-of-justice")
    make_council("Layihə Şurası", slug="layihe-surasi", publish=False)
    return prompt, late


def test_councils_in_the_registry_count_only_published_councils(councils):
    assert value_of("councils.in_registry", "5.5") == 2


def test_the_share_of_minutes_on_time_counts_overdue_minutes_as_late(councils):
    prompt, late = councils
    publish_minutes(make_meeting(prompt, slug="tez", days_ago=5))
    publish_minutes(make_meeting(late, slug="gec", days_ago=30))
    make_meeting(late, slug="protokolsuz", days_ago=20)
    make_meeting(prompt, slug="gelecek", days_ago=-10, status="planned")
    make_meeting(prompt, slug="bu-hefte", days_ago=3)

    # One on time out of three due: the late minutes and the overdue ones count against it;
    # the planned meeting and the one held three days ago are not due yet.
    assert value_of("councils.minutes_on_time", "5.5") == Decimal("33.3")


def test_councils_with_minutes_in_the_last_90_days_leave_out_older_minutes(councils):
    prompt, late = councils
    publish_minutes(make_meeting(prompt, slug="yeni", days_ago=2))
    old = publish_minutes(make_meeting(late, slug="kohne", days_ago=200))
    assert value_of("councils.recent_minutes", "5.5") == 2

    MinutesPage.objects.filter(pk=old.pk).update(
        first_published_at=timezone.now() - datetime.timedelta(days=120)
    )
    assert councils_with_recent_minutes_count() == 1


def test_meetings_with_ngo_representatives_are_recounted_when_minutes_are_published(councils):
    prompt, _late = councils
    publish_minutes(make_meeting(prompt, slug="qht-siz", days_ago=8))
    assert value_of("councils.meetings_with_ngos", "5.4") == 0

    publish_minutes(make_meeting(prompt, slug="qht-ile", days_ago=6), ngo_representatives=3)

    assert value_of("councils.meetings_with_ngos", "5.4") == 1


def test_withdrawing_a_council_recounts_the_registry(councils):
    prompt, _late = councils
    prompt.unpublish()
    assert value_of("councils.in_registry", "5.5") == 1


def test_the_daily_job_lowers_the_on_time_share_once_a_meeting_passes_14_days_without_minutes(
    councils,
):
    prompt, _late = councils
    publish_minutes(make_meeting(prompt, slug="tez", days_ago=5))
    waiting = make_meeting(prompt, slug="gozleyen", days_ago=10)
    assert value_of("councils.minutes_on_time", "5.5") == 100

    # Five days pass with no write at all: the meeting is now 15 days old, its minutes overdue.
    MeetingPage.objects.filter(pk=waiting.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=15)
    )
    assert value_of("councils.minutes_on_time", "5.5") == 100
    periodic_jobs()["themes.indicators-daily"].run()

    assert value_of("councils.minutes_on_time", "5.5") == 50
