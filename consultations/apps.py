from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from civic_platform.worker import PeriodicJob, register_periodic_job
        from consultations.indicators import register_consultation_indicators
        from consultations.models import ConsultationPage
        from consultations.notifications import register_notifications
        from consultations.services.lifecycle import (
            consultation_indicators_refresh,
            consultations_periodic_run,
            next_periodic_run_after,
        )

        register_consultation_indicators()
        register_notifications()
        # Opening and closing happen by the clock: the worker looks every few minutes.
        register_periodic_job(
            PeriodicJob(
                key="consultations.open-and-close",
                run=consultations_periodic_run,
                next_run_after=next_periodic_run_after,
            )
        )

        # A published or withdrawn consultation changes what the plan's indicators count.
        def on_consultation_changed(sender, instance, **kwargs):
            consultation_indicators_refresh()

        page_published.connect(on_consultation_changed, sender=ConsultationPage, weak=False)
        page_unpublished.connect(on_consultation_changed, sender=ConsultationPage, weak=False)
