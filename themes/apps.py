from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = _("Action plan")

    def ready(self):
        from wagtail.signals import published, unpublished

        from civic_platform.worker import PeriodicJob, register_periodic_job
        from themes.indicators import register_theme_indicators
        from themes.models import ProgressUpdate
        from themes.notifications import register_notifications
        from themes.search import register_search_documents
        from themes.services import (
            indicators_daily_refresh,
            next_indicators_refresh_after,
            progress_update_changed,
            progress_update_published,
        )

        register_theme_indicators()
        register_notifications()
        register_search_documents()
        # The registry is filled by every app's ready(); the job reads it when it runs, so it
        # recomputes whatever indicators are registered by then, the apps' own included.
        register_periodic_job(
            PeriodicJob(
                key="themes.indicators-daily",
                run=indicators_daily_refresh,
                next_run_after=next_indicators_refresh_after,
            )
        )

        # Publishing goes through Wagtail's views and workflows; these signals are where every
        # path ends, so the measure's numbers are recounted whichever path was taken.
        def on_published(sender, instance, **kwargs):
            progress_update_published(update=instance)

        def on_unpublished(sender, instance, **kwargs):
            progress_update_changed(update=instance)

        published.connect(on_published, sender=ProgressUpdate, weak=False)
        unpublished.connect(on_unpublished, sender=ProgressUpdate, weak=False)
