"""People who follow a council hear when it schedules a meeting and when its minutes are
published; nobody hears of drafts, of past meetings recorded late, or of the same news twice."""

import pytest
from wagtail.models import Locale

from civic_platform.notifications import services
from civic_platform.notifications.models import Follow, Notification
from tests.councils.helpers import make_council, make_meeting, make_minutes
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council(site_structure):
    return make_council("Gənclər Şurası", slug="gencler-surasi")


@pytest.fixture
def follower(council):
    user = UserFactory()
    services.follow(user=user, obj=council)
    return user


def summaries_of(user) -> list[str]:
    return [
        notification.event.summary_in("az")
        for notification in Notification.objects.filter(user=user).select_related("event")
    ]


def test_a_follower_hears_once_of_a_planned_meeting_however_often_it_is_republished(
    council, follower
):
    meeting = make_meeting(council, slug="may-iclasi", days_ago=-10, status="planned")
    meeting.place = "Bakı, Nazirlik binası"
    meeting.save_revision().publish()

    summaries = summaries_of(follower)
    assert len(summaries) == 1
    assert "Gənclər Şurası" in summaries[0] and "İclas may-iclasi" in summaries[0]


def test_a_meeting_first_published_as_already_held_notifies_nobody(council, follower):
    make_meeting(council, slug="kecmis-iclas", days_ago=20, status="held")
    assert summaries_of(follower) == []


def test_minutes_notify_followers_when_published_not_while_a_draft(council, follower):
    meeting = make_meeting(council, slug="mart-iclasi", days_ago=5)
    minutes = make_minutes(meeting, publish=False)
    assert summaries_of(follower) == []

    minutes.save_revision().publish()
    minutes.save_revision().publish()

    summaries = summaries_of(follower)
    assert len(summaries) == 1
    assert "Protokol mart-iclasi" in summaries[0]
    event = Notification.objects.get(user=follower).event
    assert event.url_in("az").endswith("/az/councils/gencler-surasi/mart-iclasi/minutes/")


def test_a_user_who_does_not_follow_the_council_hears_nothing(council):
    bystander = UserFactory()
    make_minutes(make_meeting(council, slug="aprel-iclasi", days_ago=5))
    assert summaries_of(bystander) == []


def test_following_from_the_english_page_follows_the_council_in_every_language(client, council):
    english = council.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Youth Council"
    english.save_revision().publish()
    user = UserFactory()
    client.force_login(user)

    page = client.get("/en/councils/gencler-surasi/").content.decode()
    assert f'name="object_id" value="{council.pk}"' in page
    response = client.post(
        "/en/notifications/follow/",
        {"model": "councils.councilpage", "object_id": council.pk, "next": "/en/"},
    )
    assert response.status_code == 302
    assert Follow.objects.filter(user=user, object_id=str(council.pk)).exists()

    make_meeting(council, slug="iyun-iclasi", days_ago=-3, status="planned")
    notification = Notification.objects.get(user=user)
    assert "Youth Council" in notification.event.summary_in("en")


def test_an_anonymous_visitor_sees_a_sign_in_link_instead_of_a_follow_button(client, council):
    page = client.get("/az/councils/gencler-surasi/").content.decode()
    assert "?next=/az/councils/gencler-surasi/" in page
    assert 'name="object_id"' not in page
