from functools import cache

from civic_platform.notifications.selectors import UNREAD_COUNT_CAP, unread_count


def unread_notifications(request):
    """The header's unread count for signed-in users: one query, and only if a template shows
    it. Anonymous pages (the ones the page cache keeps) get nothing and cost nothing."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @cache
    def count() -> int:
        return unread_count(user=user)

    return {"unread_notification_count": count, "unread_notification_cap": UNREAD_COUNT_CAP - 1}
