from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "civic_platform.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from civic_platform.accounts import registry as personal_data
        from civic_platform.notifications.delivery import digests_send, next_digest_after
        from civic_platform.notifications.selectors import personal_data as notification_data
        from civic_platform.notifications.services import personal_data_delete
        from civic_platform.worker import PeriodicJob, register_periodic_job

        personal_data.personal_data.register(
            personal_data.PersonalDataProvider(key="notifications", collect=notification_data)
        )
        personal_data.deletion_handlers.register(
            personal_data.DeletionHandler(key="notifications", delete=personal_data_delete)
        )

        register_periodic_job(
            PeriodicJob(
                key="notifications.daily-digest", run=digests_send, next_run_after=next_digest_after
            )
        )
