"""Emails: one notification at once, or a user's daily digest. Run by the worker (tasks.py).

Each email is in the recipient's language and carries a one-click unsubscribe link (RFC 8058:
List-Unsubscribe with List-Unsubscribe-Post) and a link to the preferences page.
"""

import logging
from datetime import datetime, time
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from civic_platform.accounts.selectors import email_language_of
from civic_platform.notifications.models import Digest, Notification
from civic_platform.notifications.registry import Delivery, kinds
from civic_platform.notifications.tokens import ALL_KINDS, unsubscribe_token
from civic_platform.worker import next_time_of_day_after

logger = logging.getLogger(__name__)


def absolute(url: str) -> str:
    return urljoin(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/", url)


def _email(*, user, language: str, subject: str, template: str, context: dict, kind: str):
    """The message in the user's language, with the unsubscribe link and headers."""
    with translation.override(language):
        unsubscribe_url = absolute(
            reverse(
                "notifications:unsubscribe",
                kwargs={"token": unsubscribe_token(user_id=user.pk, kind=kind)},
            )
        )
        preferences_url = absolute(reverse("notifications:preferences"))
        body = render_to_string(
            template,
            {
                **context,
                "unsubscribe_url": unsubscribe_url,
                "preferences_url": preferences_url,
                "unsubscribes_all": kind == ALL_KINDS,
            },
        )
        subject = f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}"
    return EmailMultiAlternatives(
        subject=subject,
        body=body,
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def notification_email_send(*, notification_id: int) -> bool:
    """Email one notification whose recipient chose "at once"; True when sent.

    The row is locked while the email goes out, so a task run twice sends it once.
    """
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("event", "user")
            .filter(pk=notification_id, delivery=Delivery.EMAIL, emailed_at__isnull=True)
            .first()
        )
        if notification is None or not (notification.user.email and notification.user.is_active):
            return False
        user, event = notification.user, notification.event
        language = email_language_of(user)
        kind = kinds.get(event.kind)
        with translation.override(language):
            label = str(kind.label) if kind else event.kind
        message = _email(
            user=user,
            language=language,
            subject=label,
            template="notifications/email/notification.txt",
            context={
                "summary": event.summary_in(language),
                "url": absolute(event.url_in(language)),
                "label": label,
            },
            kind=event.kind,
        )
        message.send()
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def _digest_send(*, user, day) -> int:
    """Send the user's digest of the day if there is something new and none was sent today;
    return how many notifications it carried."""
    with transaction.atomic():
        due = list(
            Notification.objects.select_for_update(of=("self",))
            .select_related("event")
            .filter(user=user, delivery=Delivery.DIGEST, emailed_at__isnull=True)
            .order_by("created_at", "pk")
        )
        if not due:
            return 0
        try:
            # The unique (user, day) row is the guard: a second worker waits on it, then fails.
            with transaction.atomic():
                Digest.objects.create(user=user, day=day, notification_count=len(due))
        except IntegrityError:
            return 0
        language = email_language_of(user)
        with translation.override(language):
            lines = []
            for notification in due:
                kind = kinds.get(notification.event.kind)
                lines.append(
                    {
                        "label": str(kind.label) if kind else notification.event.kind,
                        "summary": notification.event.summary_in(language),
                        "url": absolute(notification.event.url_in(language)),
                    }
                )
            subject = _("Your daily digest: %(count)s new") % {"count": len(due)}
        message = _email(
            user=user,
            language=language,
            subject=subject,
            template="notifications/email/digest.txt",
            context={"lines": lines, "day": day},
            kind=ALL_KINDS,
        )
        message.send()
        Notification.objects.filter(pk__in=[n.pk for n in due]).update(emailed_at=timezone.now())
    return len(due)


def digests_send(*, now: datetime | None = None) -> int:
    """Today's digests to everyone with something new; return how many were sent."""
    day = timezone.localdate(now or timezone.now())
    from_ids = _digest_recipient_ids()
    users = get_user_model().objects.filter(pk__in=from_ids, is_active=True).exclude(email="")
    sent = 0
    for user in users:
        try:
            sent += 1 if _digest_send(user=user, day=day) else 0
        except Exception:
            # One bad address must not hold back everyone else's digest.
            logger.exception("Digest for user %s failed", user.pk)
    return sent


def _digest_recipient_ids() -> list[int]:
    return list(
        Notification.objects.filter(delivery=Delivery.DIGEST, emailed_at__isnull=True)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )


def next_digest_after(moment: datetime) -> datetime:
    """The next digest hour (NOTIFICATIONS_DIGEST_HOUR, local time) after `moment`."""
    return next_time_of_day_after(moment, time(settings.NOTIFICATIONS_DIGEST_HOUR))
