from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "civic_platform.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from civic_platform.notifications.delivery import digests_send, next_digest_after
        from civic_platform.worker import PeriodicJob, register_periodic_job

        register_periodic_job(
            PeriodicJob(
                key="notifications.daily-digest", run=digests_send, next_run_after=next_digest_after
            )
        )
