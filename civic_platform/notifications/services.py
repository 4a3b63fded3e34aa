"""Writes: follows, events and their fan-out, reading, preferences, unsubscribing."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone, translation

from civic_platform.accounts.services import email_language_set
from civic_platform.notifications.models import (
    Digest,
    Event,
    Follow,
    Notification,
    NotificationPreference,
    NotificationSettings,
)
from civic_platform.notifications.registry import Delivery, followables, kinds
from civic_platform.notifications.selectors import deliveries_for, follower_ids
from civic_platform.notifications.tasks import notification_email_send
from civic_platform.notifications.tokens import ALL_KINDS

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


class NotFollowable(ValueError):
    """The object is of a kind nobody can follow."""


def _settings_ensure(*, user) -> NotificationSettings:
    found, _created = NotificationSettings.objects.get_or_create(user=user)
    return found


@transaction.atomic
def follow(*, user, obj: Model, language: str | None = None) -> Follow:
    """Follow an object of a registered kind; following twice is one follow.

    The first follow also remembers the language the user was reading in, for their emails,
    unless they chose one on their profile.
    """
    if followables.for_model(type(obj)) is None:
        raise NotFollowable(type(obj)._meta.label)
    if language in LANGUAGE_CODES:
        email_language_set(user=user, language=language, only_if_unchosen=True)
    found, _created = Follow.objects.get_or_create(
        user=user,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
    )
    return found


@transaction.atomic
def unfollow(*, user, obj: Model) -> bool:
    deleted, _ = Follow.objects.filter(
        user=user, content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).delete()
    return bool(deleted)


def _describe(kind, occurrence) -> tuple[dict, dict]:
    summary, url = {}, {}
    for code in LANGUAGE_CODES:
        with translation.override(code):
            text = kind.describe(occurrence)
        summary[code], url[code] = str(text.summary), text.url
    return summary, url


@transaction.atomic
def event_record(*, kind: str, occurrence, dedupe_key: str | None = None, actor=None):
    """Record that something happened and give each recipient their notification.

    Recipients are the followers of the object the event concerns and/or the kind's explicit
    recipients, less the person who did it, each with the delivery they chose for the kind
    (none for "off"). Emails "at once" go to the worker after the commit. With a dedupe_key
    already recorded, nothing happens and None is returned.
    """
    event_kind = kinds[kind]
    if dedupe_key and Event.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    summary, url = _describe(event_kind, occurrence)
    subject = event_kind.subject(occurrence) if event_kind.subject else None
    try:
        with transaction.atomic():
            event = Event.objects.create(
                kind=kind,
                subject_type=ContentType.objects.get_for_model(subject) if subject else None,
                subject_id=str(subject.pk) if subject else "",
                summary=summary,
                url=url,
                dedupe_key=dedupe_key or None,
            )
    except IntegrityError:
        return None  # recorded at the same moment by another process

    recipient_ids = set(follower_ids(obj=subject)) if subject is not None else set()
    if event_kind.recipients is not None:
        recipient_ids |= {user.pk for user in event_kind.recipients(occurrence)}
    if actor is not None:
        recipient_ids.discard(actor.pk)
    deliveries = deliveries_for(kind=event_kind, user_ids=sorted(recipient_ids))
    notifications = Notification.objects.bulk_create(
        Notification(event=event, user_id=user_id, delivery=delivery)
        for user_id, delivery in deliveries.items()
        if delivery != Delivery.OFF
    )
    for notification in notifications:
        if notification.delivery == Delivery.EMAIL:
            transaction.on_commit(
                lambda pk=notification.pk: notification_email_send.enqueue(notification_id=pk)
            )
    return event


def notification_mark_read(*, user, notification_id: int) -> bool:
    """Mark one of the user's own notifications read; False when it is not theirs."""
    if not Notification.objects.filter(pk=notification_id, user=user).exists():
        return False
    Notification.objects.filter(pk=notification_id, user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return True


def notifications_mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def preferences_save(*, user, deliveries: dict[str, str], language: str | None = None) -> None:
    """Store the user's delivery per kind (only registered kinds and known deliveries)."""
    for key, delivery in deliveries.items():
        if kinds.get(key) is None or delivery not in Delivery.values:
            raise ValueError(f"Unknown kind or delivery: {key}={delivery}")
        NotificationPreference.objects.update_or_create(
            user=user, kind=key, defaults={"delivery": delivery}
        )
    if language in LANGUAGE_CODES:
        email_language_set(user=user, language=language)


@transaction.atomic
def unsubscribe(*, user, kind: str) -> None:
    """No more emails of this kind (or of any, with ALL_KINDS); notifications stay on the site."""
    keys = kinds.keys() if kind == ALL_KINDS else [kind]
    for key in keys:
        if kinds.get(key) is None:
            continue
        NotificationPreference.objects.filter(
            user=user, kind=key, delivery__in=[Delivery.EMAIL, Delivery.DIGEST]
        ).update(delivery=Delivery.SITE)
        NotificationPreference.objects.get_or_create(
            user=user, kind=key, defaults={"delivery": Delivery.SITE}
        )
    if kind == ALL_KINDS:
        row = _settings_ensure(user=user)
        row.emails_stopped = True
        row.save(update_fields=["emails_stopped"])
    # What was waiting for an email is still on the site; it is not mailed later.
    pending = Notification.objects.filter(
        user=user, emailed_at__isnull=True, delivery__in=[Delivery.EMAIL, Delivery.DIGEST]
    )
    if kind != ALL_KINDS:
        pending = pending.filter(event__kind=kind)
    pending.update(delivery=Delivery.SITE)


@transaction.atomic
def personal_data_delete(user) -> None:
    """Remove everything this app keeps about the user (the account's deletion calls it)."""
    Notification.objects.filter(user=user).delete()
    Follow.objects.filter(user=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    NotificationSettings.objects.filter(user=user).delete()
    Digest.objects.filter(user=user).delete()
