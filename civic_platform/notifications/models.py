"""Follows, events and their delivery to each recipient.

An Event is what happened, once; a Notification is one recipient's copy of it, created with the
delivery the recipient chose for that kind of event. An event's line and link are stored in
every site language when it is recorded, so lists and emails render without asking the app
that raised it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from civic_platform.notifications.registry import Delivery


class Follow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    # Text, as Wagtail stores generic ids: any primary key fits.
    object_id = models.CharField(max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="follow_unique_per_object"
            )
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.content_type_id}:{self.object_id}"


class NotificationSettings(models.Model):
    """A user's choices that hold for every kind of event."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    # Set by "unsubscribe from all emails": kinds the user never chose for also stay off email.
    emails_stopped = models.BooleanField(_("no emails"), default=False)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return f"{self.user_id} · {self.emails_stopped}"


class NotificationPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=100)
    delivery = models.CharField(max_length=10, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="preference_unique_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.kind} · {self.delivery}"


class Event(models.Model):
    kind = models.CharField(max_length=100)
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject_id = models.CharField(max_length=64, blank=True)
    # {"az": "...", "en": "...", "ru": "..."}: the line and the link in every site language.
    summary = models.JSONField(default=dict)
    url = models.JSONField(default=dict)
    # What makes a second recording of the same happening a no-op (a progress update published
    # again after an edit notifies nobody twice).
    dedupe_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def __str__(self) -> str:
        return f"{self.kind} · {self.created_at:%Y-%m-%d %H:%M}"

    def summary_in(self, language: str) -> str:
        return self.summary.get(language) or self.summary.get(settings.LANGUAGE_CODE, "")

    def url_in(self, language: str) -> str:
        return self.url.get(language) or self.url.get(settings.LANGUAGE_CODE, "")


class Notification(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notifications")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    # The recipient's choice when the event happened: SITE, EMAIL (at once) or DIGEST.
    delivery = models.CharField(max_length=10, choices=Delivery.choices)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="notification_once_per_user")
        ]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_recent"),
            # The header's unread count and the digest's "something new" scan.
            models.Index(
                fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"
            ),
            models.Index(
                fields=["user"],
                condition=Q(delivery=Delivery.DIGEST, emailed_at__isnull=True),
                name="notification_digest_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.event_id}"


class Digest(models.Model):
    """A daily digest sent: its uniqueness makes it at most one per user per day, whichever
    worker sends it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    notification_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_a_day")]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.day}"
