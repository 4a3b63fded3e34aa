"""Background work of notifications, run by the project's worker (`manage.py worker`)."""

from django_tasks import task

from civic_platform.notifications import delivery


@task()
def notification_email_send(notification_id: int) -> bool:
    return delivery.notification_email_send(notification_id=notification_id)
