"""What a signed-in person sees and does: the list, the unread count, follow buttons,
preferences; and the unsubscribe link that works without signing in."""

import re

import pytest
from django.core import mail
from django.test import Client

from civic_platform.accounts.selectors import email_language_of
from civic_platform.notifications import services
from civic_platform.notifications.models import Follow, Notification, NotificationPreference
from civic_platform.notifications.registry import kinds
from civic_platform.notifications.tokens import ALL_KINDS, unsubscribe_token
from tests.factories import UserFactory
from tests.notifications.triggers import publish_progress_update
from tests.query_budget import assert_query_budget
from themes.models import Measure
from themes.notifications import PROGRESS_UPDATE_PUBLISHED

pytestmark = pytest.mark.django_db

MEASURE_PAGE = "/az/plan/5/5-5/"


@pytest.fixture
def person(client):
    user = UserFactory()
    client.force_login(user)
    return user


def _unread_badge(html: str) -> str | None:
    match = re.search(r'<span class="unread-count">([^<]*)</span>', html)
    return match.group(1) if match else None


def test_the_header_shows_the_unread_count_and_marking_read_clears_it(client, person):
    publish_progress_update(person, words="Birinci")
    publish_progress_update(person, words="İkinci")
    assert _unread_badge(client.get("/az/plan/").content.decode()) == "2"

    first = Notification.objects.filter(user=person).order_by("pk").first()
    response = client.post("/az/notifications/read/", {"notification": first.pk})
    assert response.status_code == 302
    assert _unread_badge(client.get("/az/plan/").content.decode()) == "1"

    client.post("/az/notifications/read-all/")
    assert _unread_badge(client.get("/az/plan/").content.decode()) is None


def test_anonymous_visitors_see_no_notifications_link(client):
    assert "/az/notifications/" not in client.get("/az/plan/").content.decode()


def test_the_notification_list_asks_a_visitor_to_sign_in(client):
    response = client.get("/az/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_nobody_marks_another_persons_notification_read(client, person):
    other = UserFactory()
    publish_progress_update(other)
    theirs = Notification.objects.get(user=other)
    response = client.post("/az/notifications/read/", {"notification": theirs.pk})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.parametrize("value", ["", "abc", "-1", "99999999999999999999999"])
def test_a_nonsense_notification_is_refused_with_a_message(client, person, value):
    response = client.post("/az/notifications/read/", {"notification": value})
    assert response.status_code == 400
    assert "notification" in response.content.decode().lower() or "bildiriş" in (
        response.content.decode().lower()
    )


def test_marking_read_takes_a_post_only(client, person):
    assert client.get("/az/notifications/read/").status_code == 405


def test_the_list_pages_through_notifications_newest_first(client, person):
    for number in range(23):
        publish_progress_update(person, words=f"Hesabat nömrə {number:02d}")
    first = client.get("/az/notifications/").content.decode()
    second = client.get("/az/notifications/?page=2").content.decode()
    assert "Hesabat nömrə 22" in first and "Hesabat nömrə 02" not in first
    assert "Hesabat nömrə 02" in second and 'rel="prev"' in second


def test_the_notification_list_stays_within_its_query_budget_as_notifications_grow(client, person):
    publish_progress_update(person, words="Bir")

    def grow():
        for number in range(8):
            publish_progress_update(
                person, code="2.2" if number % 2 else "5.5", words=f"Daha {number}"
            )

    assert_query_budget(client, "/az/notifications/", 8, grow=grow)


def test_a_signed_in_person_follows_and_unfollows_a_measure_from_its_page(client, person):
    page = client.get(MEASURE_PAGE).content.decode()
    assert 'action="/az/notifications/follow/"' in page

    response = client.post(
        "/az/notifications/follow/",
        {
            "model": "themes.measure",
            "object_id": Measure.objects.get(code="5.5").pk,
            "next": MEASURE_PAGE,
        },
    )
    assert response.status_code == 302 and response["Location"] == MEASURE_PAGE
    page = client.get(MEASURE_PAGE).content.decode()
    assert 'action="/az/notifications/unfollow/"' in page
    assert Follow.objects.filter(user=person).count() == 1

    client.post(
        "/az/notifications/unfollow/",
        {"model": "themes.measure", "object_id": Measure.objects.get(code="5.5").pk},
    )
    assert not Follow.objects.filter(user=person).exists()


def test_following_twice_is_one_follow(client, person):
    data = {"model": "themes.measure", "object_id": Measure.objects.get(code="5.5").pk}
    client.post("/az/notifications/follow/", data)
    client.post("/az/notifications/follow/", data)
    assert Follow.objects.filter(user=person).count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"model": "auth.user", "object_id": "1"},
        {"model": "themes.measure", "object_id": "not-a-number"},
        {"model": "themes.measure", "object_id": "987654321"},
    ],
)
def test_following_something_that_cannot_be_followed_is_refused_and_changes_nothing(
    client, person, data
):
    response = client.post("/az/notifications/follow/", data)
    assert response.status_code == 400
    assert not Follow.objects.exists()


def test_an_anonymous_visitor_sees_a_sign_in_link_instead_of_a_follow_button(client):
    page = client.get(MEASURE_PAGE).content.decode()
    assert "/az/accounts/login/?next=/az/plan/5/5-5/" in page
    assert "notifications/follow/" not in page


def test_preferences_change_the_delivery_per_kind_and_the_language_of_emails(client, person):
    page = client.get("/az/notifications/preferences/").content.decode()
    assert f'name="kind:{PROGRESS_UPDATE_PUBLISHED}"' in page
    # The form sends a choice for every kind, as the page's radio buttons do.
    unchanged = {f"kind:{kind.key}": "digest" for kind in kinds}
    response = client.post(
        "/az/notifications/preferences/",
        {**unchanged, f"kind:{PROGRESS_UPDATE_PUBLISHED}": "email", "language": "en"},
    )
    assert response.status_code == 302
    assert (
        NotificationPreference.objects.get(user=person, kind=PROGRESS_UPDATE_PUBLISHED).delivery
        == "email"
    )
    assert email_language_of(person) == "en"


def test_a_nonsense_preference_is_refused_and_changes_nothing(client, person):
    response = client.post(
        "/az/notifications/preferences/",
        {f"kind:{PROGRESS_UPDATE_PUBLISHED}": "hourly", "language": "xx"},
    )
    assert response.status_code == 400
    assert not NotificationPreference.objects.filter(user=person).exists()


def _unsubscribe_path(user, kind=PROGRESS_UPDATE_PUBLISHED):
    return f"/az/notifications/unsubscribe/{unsubscribe_token(user_id=user.pk, kind=kind)}/"


def test_the_unsubscribe_link_asks_to_confirm_without_signing_in_and_changes_nothing_until_then():
    user = UserFactory()
    response = Client().get(_unsubscribe_path(user))
    assert response.status_code == 200
    assert '<form method="post">' in response.content.decode()
    assert not NotificationPreference.objects.filter(user=user).exists()


def test_confirming_the_unsubscribe_link_stops_that_kind_of_email_but_keeps_it_on_the_site(
    django_capture_on_commit_callbacks,
):
    user = UserFactory()
    services.preferences_save(user=user, deliveries={PROGRESS_UPDATE_PUBLISHED: "email"})
    response = Client(enforce_csrf_checks=True).post(_unsubscribe_path(user))
    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=user).delivery == "site"

    with django_capture_on_commit_callbacks(execute=True):
        publish_progress_update(user)
    assert mail.outbox == []
    assert Notification.objects.filter(user=user).count() == 1


def test_a_mail_programs_one_click_post_unsubscribes_from_every_email():
    user = UserFactory()
    response = Client(enforce_csrf_checks=True).post(
        _unsubscribe_path(user, ALL_KINDS),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    publish_progress_update(user)
    assert Notification.objects.get(user=user).delivery == "site"


@pytest.mark.parametrize("token", ["nonsense", "a" * 300])
def test_a_forged_unsubscribe_link_is_refused(token):
    response = Client().post(f"/az/notifications/unsubscribe/{token}/")
    assert response.status_code == 404
    assert not NotificationPreference.objects.exists()
