from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# How long an update waits in the outbox at most when the drain after its commit could not
# reach Elasticsearch.
DRAIN_INTERVAL = timedelta(minutes=1)


class SearchConfig(AppConfig):
    name = "search"
    label = "civic_search"
    verbose_name = _("Search")

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import PageViewRestriction
        from wagtail.signals import page_slug_changed, post_page_move, published, unpublished

        from civic_platform.health import ComponentCheck, register_component_check
        from civic_platform.organisations.models import Organisation
        from civic_platform.worker import PeriodicJob, register_periodic_job
        from search.backend import backend_name, search_health
        from search.organisations import register_organisation_documents
        from search.pages import register_page_documents
        from search.services import search_changed, search_drain_logged

        register_component_check(
            ComponentCheck(name="search", health=search_health, backend=backend_name)
        )
        register_page_documents()
        register_organisation_documents()
        register_periodic_job(
            PeriodicJob(
                key="search.drain",
                run=search_drain_logged,
                next_run_after=lambda moment: moment + DRAIN_INTERVAL,
            )
        )

        # Whatever is published, withdrawn or moved, by whichever path (editor, workflow,
        # scheduled publishing), the documents made of it are indexed again. The registry
        # decides which documents a model's rows feed; for any other model this records
        # nothing. (Wagtail announces a page's publication as `published` too, so the
        # page-only signals would record it twice.)
        def record_change(instance, **kwargs):
            search_changed(instances=[instance])

        for signal in (published, unpublished, page_slug_changed, post_page_move):
            signal.connect(record_change, weak=False, dispatch_uid=f"search.{id(signal)}")
        # Making a page private (or public again) publishes nothing: the restriction itself
        # is the write that hides the page and those below it, or shows them again.
        # An organisation (the core's, so it cannot call search) is its profile's document
        # and is named in consultations and answers.
        for sender in (PageViewRestriction, Organisation):
            for signal in (post_save, post_delete):
                signal.connect(
                    record_change,
                    sender=sender,
                    weak=False,
                    dispatch_uid=f"search.{sender.__name__}.{id(signal)}",
                )
