from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from civic_platform.accounts import registry as accounts_registry
        from civic_platform.worker import PeriodicJob, register_periodic_job
        from consultations import selectors
        from consultations.indicators import register_consultation_indicators
        from consultations.models import ConsultationPage
        from consultations.notifications import register_notifications
        from consultations.search import register_search_documents
        from consultations.services.lifecycle import (
            consultation_indicators_refresh,
            consultations_periodic_run,
            next_periodic_run_after,
        )
        from consultations.services.personal_data import personal_data_delete

        register_consultation_indicators()
        register_notifications()
        register_search_documents()
        # A person's comments, endorsements, reports and block: in their data download; what
        # goes with their account goes through the services, keeping the counters right.
        accounts_registry.personal_data.register(
            accounts_registry.PersonalDataProvider(
                key="consultations", collect=selectors.personal_data
            )
        )
        accounts_registry.deletion_handlers.register(
            accounts_registry.DeletionHandler(key="consultations", delete=personal_data_delete)
        )
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
