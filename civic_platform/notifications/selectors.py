"""Reads: follows, preferences, a user's notifications and their personal data."""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Model

from civic_platform.accounts.selectors import email_language_of
from civic_platform.notifications.models import (
    Digest,
    Follow,
    Notification,
    NotificationPreference,
    NotificationSettings,
)
from civic_platform.notifications.registry import Delivery, EventKind, followables, kinds

NOTIFICATIONS_PER_PAGE = 20
# The header shows "99+" beyond this; counting further would cost time for nothing.
UNREAD_COUNT_CAP = 100


def _subject_filter(obj: Model) -> dict:
    return {
        "content_type": ContentType.objects.get_for_model(obj),
        "object_id": str(obj.pk),
    }


def is_following(*, user, obj: Model) -> bool:
    if not user.is_authenticated:
        return False
    return Follow.objects.filter(user=user, **_subject_filter(obj)).exists()


def follower_ids(*, obj: Model) -> list[int]:
    return list(Follow.objects.filter(**_subject_filter(obj)).values_list("user_id", flat=True))


@dataclass(frozen=True)
class FollowedItem:
    follow: Follow
    label: str  # what kind of thing: "measure"
    title: str
    subject: Model | None  # None when the object is gone


def follows_of(*, user) -> list[FollowedItem]:
    """What the user follows, named; one query, and one per kind of object followed."""
    follows = list(Follow.objects.filter(user=user).select_related("content_type"))
    by_type: dict[int, list[Follow]] = {}
    for follow in follows:
        by_type.setdefault(follow.content_type_id, []).append(follow)
    items = []
    for group in by_type.values():
        model = group[0].content_type.model_class()
        followable = followables.for_model(model) if model is not None else None
        objects = (
            followable.objects().in_bulk([follow.object_id for follow in group])
            if followable is not None
            else {}
        )
        for follow in group:
            subject = objects.get(model._meta.pk.to_python(follow.object_id)) if objects else None
            items.append(
                FollowedItem(
                    follow=follow,
                    label=str(followable.label) if followable else "",
                    title=followable.title(subject) if subject is not None else "",
                    subject=subject,
                )
            )
    return items


def notification_settings_of(*, user) -> NotificationSettings:
    """The user's settings, or the defaults (unsaved: reading writes nothing)."""
    found = NotificationSettings.objects.filter(user=user).first()
    return found or NotificationSettings(user=user)


def delivery_of(kind: EventKind, *, chosen: str | None, emails_stopped: bool) -> str:
    if chosen is not None:
        return chosen
    if emails_stopped and kind.default_delivery in (Delivery.EMAIL, Delivery.DIGEST):
        return Delivery.SITE
    return kind.default_delivery


def preferences_of(*, user) -> list[tuple[EventKind, str]]:
    """Every registered kind with the delivery the user gets for it."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    emails_stopped = notification_settings_of(user=user).emails_stopped
    return [
        (kind, delivery_of(kind, chosen=chosen.get(kind.key), emails_stopped=emails_stopped))
        for kind in kinds
    ]


def deliveries_for(*, kind: EventKind, user_ids) -> dict[int, str]:
    """Each user's delivery of this kind, in two queries however many users."""
    user_ids = list(user_ids)
    chosen = dict(
        NotificationPreference.objects.filter(user_id__in=user_ids, kind=kind.key).values_list(
            "user_id", "delivery"
        )
    )
    stopped = set(
        NotificationSettings.objects.filter(user_id__in=user_ids, emails_stopped=True).values_list(
            "user_id", flat=True
        )
    )
    return {
        user_id: delivery_of(kind, chosen=chosen.get(user_id), emails_stopped=user_id in stopped)
        for user_id in user_ids
    }


def notification_page(*, user, page_number):
    """One page of the user's notifications, newest first, each with its event: two queries
    (the count and the page) however long the list."""
    notifications = Notification.objects.filter(user=user).select_related("event")
    return Paginator(notifications, NOTIFICATIONS_PER_PAGE).get_page(page_number)


def unread_count(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True)[:UNREAD_COUNT_CAP].count()


def personal_data(user) -> dict:
    """Everything this app keeps about the user, as JSON-able data (for the account's export)."""
    settings_row = notification_settings_of(user=user)
    language = email_language_of(user)
    return {
        "settings": {"emails_stopped": settings_row.emails_stopped},
        "preferences": [
            {"kind": kind.key, "delivery": delivery} for kind, delivery in preferences_of(user=user)
        ],
        "follows": [
            {
                "type": item.follow.content_type.app_label + "." + item.follow.content_type.model,
                "id": item.follow.object_id,
                "title": item.title,
                "since": item.follow.created_at.isoformat(),
            }
            for item in follows_of(user=user)
        ],
        "notifications": [
            {
                "kind": notification.event.kind,
                "summary": notification.event.summary_in(language),
                "url": notification.event.url_in(language),
                "created": notification.created_at.isoformat(),
                "read": notification.read_at.isoformat() if notification.read_at else None,
                "emailed": (
                    notification.emailed_at.isoformat() if notification.emailed_at else None
                ),
            }
            for notification in Notification.objects.filter(user=user).select_related("event")
        ],
        "digests": [
            str(day) for day in Digest.objects.filter(user=user).values_list("day", flat=True)
        ],
    }
