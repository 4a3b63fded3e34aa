"""Every registered kind of event reaches the people who should hear of it, as they chose."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from civic_platform.notifications import delivery, selectors, services
from civic_platform.notifications.models import Notification
from civic_platform.notifications.registry import Delivery, kinds
from tests.factories import ProgressUpdateFactory, UserFactory
from tests.notifications.triggers import TRIGGERS, publish_progress_update
from themes.models import Measure
from themes.notifications import PROGRESS_UPDATE_PUBLISHED

pytestmark = pytest.mark.django_db


def notification_emails():
    """The notification emails sent, leaving out what a trigger sends on its way (an
    organisation's invitation): every notification email can be unsubscribed from."""
    return [message for message in mail.outbox if "List-Unsubscribe" in message.extra_headers]


def test_every_registered_kind_of_event_has_a_trigger_in_the_delivery_tests():
    missing = sorted(set(kinds.keys()) - set(TRIGGERS))
    assert not missing, f"add a trigger to tests/notifications/triggers.py for: {missing}"


@pytest.mark.parametrize("kind", sorted(TRIGGERS))
def test_each_kind_of_event_reaches_a_follower_on_the_site_and_by_email_at_once(
    kind, client, django_capture_on_commit_callbacks
):
    recipient = UserFactory()
    services.preferences_save(user=recipient, deliveries={kind: Delivery.EMAIL})
    bystander = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        words = TRIGGERS[kind](recipient)

    assert [message.to for message in notification_emails()] == [[recipient.email]]
    assert words in notification_emails()[0].body
    assert not Notification.objects.filter(user=bystander).exists()
    client.force_login(recipient)
    page = client.get("/az/notifications/").content.decode()
    assert words in page


@pytest.mark.parametrize("kind", sorted(TRIGGERS))
def test_each_kind_of_event_reaches_a_follower_in_the_daily_digest(
    kind, django_capture_on_commit_callbacks
):
    recipient = UserFactory()
    services.preferences_save(user=recipient, deliveries={kind: Delivery.DIGEST})

    with django_capture_on_commit_callbacks(execute=True):
        words = TRIGGERS[kind](recipient)
    assert notification_emails() == []

    assert delivery.digests_send() == 1
    assert [message.to for message in notification_emails()] == [[recipient.email]]
    assert words in notification_emails()[0].body


def test_a_kind_turned_off_leaves_the_follower_without_notification_or_email(
    django_capture_on_commit_callbacks,
):
    recipient = UserFactory()
    services.preferences_save(user=recipient, deliveries={PROGRESS_UPDATE_PUBLISHED: "off"})
    with django_capture_on_commit_callbacks(execute=True):
        publish_progress_update(recipient)
    assert not Notification.objects.filter(user=recipient).exists()
    assert delivery.digests_send() == 0
    assert mail.outbox == []


def test_on_site_only_lists_the_notification_and_sends_no_email(
    django_capture_on_commit_callbacks,
):
    recipient = UserFactory()
    services.preferences_save(user=recipient, deliveries={PROGRESS_UPDATE_PUBLISHED: "site"})
    with django_capture_on_commit_callbacks(execute=True):
        publish_progress_update(recipient)
    assert Notification.objects.filter(user=recipient).count() == 1
    assert delivery.digests_send() == 0
    assert mail.outbox == []


def test_without_a_choice_a_follower_gets_the_daily_digest():
    recipient = UserFactory()
    publish_progress_update(recipient)
    assert Notification.objects.get(user=recipient).delivery == Delivery.DIGEST


def test_publishing_the_same_update_again_notifies_nobody_twice(
    django_capture_on_commit_callbacks,
):
    recipient = UserFactory()
    services.preferences_save(user=recipient, deliveries={PROGRESS_UPDATE_PUBLISHED: "email"})
    measure = Measure.objects.get(code="5.5")
    services.follow(user=recipient, obj=measure)
    update = ProgressUpdateFactory(measure=measure, live=False)
    with django_capture_on_commit_callbacks(execute=True):
        update.save_revision().publish()
        update.summary = "<p>Düzəliş</p>"
        update.save_revision().publish()
    assert Notification.objects.filter(user=recipient).count() == 1
    assert len(mail.outbox) == 1


def test_followers_of_another_measure_hear_nothing():
    recipient = UserFactory()
    services.follow(user=recipient, obj=Measure.objects.get(code="2.2"))
    ProgressUpdateFactory(
        measure=Measure.objects.get(code="5.5"), live=False
    ).save_revision().publish()
    assert not Notification.objects.filter(user=recipient).exists()


def test_an_email_speaks_the_recipients_language_and_carries_one_click_unsubscribe(
    django_capture_on_commit_callbacks,
):
    recipient = UserFactory()
    services.preferences_save(
        user=recipient, deliveries={PROGRESS_UPDATE_PUBLISHED: "email"}, language="ru"
    )
    with django_capture_on_commit_callbacks(execute=True):
        publish_progress_update(recipient)
    (message,) = mail.outbox
    assert "/ru/plan/5/5-5/" in message.body
    assert "/ru/notifications/preferences/" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/ru/notifications/unsubscribe/" in unsubscribe
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def _at(day: int, hour: int = 9):
    return timezone.make_aware(datetime.datetime(2026, 11, day, hour, 0))


def test_the_digest_goes_only_to_people_with_something_new():
    with_news, without_news = UserFactory(), UserFactory()
    services.follow(user=without_news, obj=Measure.objects.get(code="2.2"))
    publish_progress_update(with_news)

    assert delivery.digests_send(now=_at(20)) == 1
    assert [message.to for message in mail.outbox] == [[with_news.email]]


def test_the_digest_goes_at_most_once_a_day_and_carries_what_came_since_the_next_day():
    recipient = UserFactory()
    publish_progress_update(recipient, words="Birinci hesabat")
    assert delivery.digests_send(now=_at(20)) == 1
    publish_progress_update(recipient, words="İkinci hesabat")

    assert delivery.digests_send(now=_at(20, 18)) == 0
    assert delivery.digests_send(now=_at(21)) == 1
    first, second = mail.outbox
    assert "Birinci hesabat" in first.body and "İkinci hesabat" not in first.body
    assert "İkinci hesabat" in second.body and "Birinci hesabat" not in second.body


def test_the_next_digest_is_due_at_the_digest_hour_of_the_next_day_once_it_has_passed(settings):
    settings.NOTIFICATIONS_DIGEST_HOUR = 8
    before = delivery.next_digest_after(_at(20, 7))
    after = delivery.next_digest_after(_at(20, 8))
    assert timezone.localtime(before).replace(tzinfo=None) == datetime.datetime(2026, 11, 20, 8)
    assert timezone.localtime(after).replace(tzinfo=None) == datetime.datetime(2026, 11, 21, 8)


def test_personal_data_lists_follows_preferences_and_notifications_and_deletion_removes_them():
    user = UserFactory()
    services.preferences_save(user=user, deliveries={PROGRESS_UPDATE_PUBLISHED: "site"})
    publish_progress_update(user)

    data = selectors.personal_data(user)
    assert data["follows"][0]["type"] == "themes.measure"
    assert data["follows"][0]["title"].startswith("5.5")
    assert {"kind": PROGRESS_UPDATE_PUBLISHED, "delivery": "site"} in data["preferences"]
    assert "Yeni hesabat" in data["notifications"][0]["summary"]

    services.personal_data_delete(user)
    empty = selectors.personal_data(user)
    assert empty["follows"] == [] and empty["notifications"] == []
