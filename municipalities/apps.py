from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Municipalities")

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.signals import page_published, page_unpublished

        from civic_platform.accounts import registry as accounts_registry
        from councils.models import CouncilPage
        from councils.registry import CouncilLinkProvider, council_links
        from municipalities import selectors
        from municipalities.council_links import municipality_of_council
        from municipalities.indicators import register_municipality_indicators
        from municipalities.models import BudgetReport, Municipality
        from municipalities.notifications import register_notifications
        from municipalities.search import register_search_documents
        from municipalities.services.publication import (
            budget_report_changed,
            municipal_indicators_refresh,
            municipality_changed,
        )

        register_municipality_indicators()
        register_notifications()
        register_search_documents()
        # A municipal council's page links back to its municipality's page.
        council_links.register(
            CouncilLinkProvider(key="municipality", links_for=municipality_of_council)
        )
        # The budget files a person uploaded are in their data download. Deleting the account
        # keeps the saved revisions (public record; `created_by` becomes null) and drops the
        # uploads still waiting for confirmation (a cascade).
        accounts_registry.personal_data.register(
            accounts_registry.PersonalDataProvider(
                key="municipalities", collect=selectors.personal_data
            )
        )

        # A report is published, withdrawn or revised through municipalities.services.reports
        # (admin, command, demo content); each ends in a save of the report, which is seen here.
        def on_report_saved(sender, instance, created, update_fields=None, **kwargs):
            if created:
                return
            if update_fields is None or {"published_at", "updated_at"} & set(update_fields):
                budget_report_changed(report=instance)

        def on_municipality_saved(sender, instance, **kwargs):
            municipality_changed(municipality=instance)

        post_save.connect(on_report_saved, sender=BudgetReport, weak=False)
        post_save.connect(on_municipality_saved, sender=Municipality, weak=False)

        # 7.3 counts municipalities whose public council is published: publishing or
        # withdrawing (or deleting, which withdraws first) a municipality's council recounts it.
        def on_council_published_or_withdrawn(sender, instance, **kwargs):
            if Municipality.objects.filter(
                public_council__translation_key=instance.translation_key
            ).exists():
                municipal_indicators_refresh()

        for signal in (page_published, page_unpublished):
            signal.connect(on_council_published_or_withdrawn, sender=CouncilPage, weak=False)
