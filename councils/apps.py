from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

ROLE_HOLDERS_JOB = "councils.role-holders-daily"


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = _("Public councils")

    def ready(self):
        from django.db.models.signals import post_save
        from wagtail.documents import get_document_model
        from wagtail.signals import copy_for_translation_done, page_published, page_unpublished

        from civic_platform.organisations.registry import ActivityProvider, activity
        from civic_platform.worker import PeriodicJob, register_periodic_job
        from councils.indicators import register_council_indicators
        from councils.models import CouncilPage, MeetingPage, MinutesPage
        from councils.notifications import register_notifications
        from councils.search import register_search_documents
        from councils.selectors import council_seats_of, councils_serving
        from councils.services import (
            council_indicators_refresh,
            council_role_holders_refresh,
            council_roles_sync,
            meeting_published,
            minutes_published,
            next_role_holders_refresh_after,
            signed_pdf_document_changed,
            translated_minutes_links_follow,
        )
        from themes.registry import LinkProvider, links

        activity.register(
            ActivityProvider(
                key="council-seats", label=_("Council seats"), items_for=council_seats_of
            )
        )
        # A measure's page lists the councils that serve it, as a council's page lists its
        # measures; the plan reads them through its registry, importing no council.
        links.register(
            LinkProvider(key="councils", label=_("Public councils"), items_for=councils_serving)
        )
        register_council_indicators()
        register_notifications()
        register_search_documents()
        # Terms begin and end with the date: a day's new chairs and secretaries get their
        # rights, and those whose term ended lose them, without waiting for a publication.
        register_periodic_job(
            PeriodicJob(
                key=ROLE_HOLDERS_JOB,
                run=council_role_holders_refresh,
                next_run_after=next_role_holders_refresh_after,
            )
        )

        # Publishing goes through the editor, the workflow (the chair's approval) or scheduled
        # publishing; each path ends here. The published member list decides who holds a
        # council's roles; a published meeting or minutes is news for the council's followers;
        # any published or withdrawn council page changes the plan's council indicators.
        def on_council_published(sender, instance, **kwargs):
            council_roles_sync(council=instance)
            council_indicators_refresh()

        def on_meeting_published(sender, instance, **kwargs):
            meeting_published(meeting=instance)

        def on_minutes_published(sender, instance, **kwargs):
            minutes_published(minutes=instance)

        def on_unpublished(sender, instance, **kwargs):
            council_indicators_refresh()

        # Documents have no admin hooks: a replaced file is seen when the document is saved.
        def on_document_saved(sender, instance, **kwargs):
            signed_pdf_document_changed(document=instance)

        def on_copied_for_translation(sender, source_obj, target_obj, **kwargs):
            translated_minutes_links_follow(source=source_obj, copy=target_obj)

        post_save.connect(on_document_saved, sender=get_document_model(), weak=False)
        copy_for_translation_done.connect(on_copied_for_translation, weak=False)
        page_published.connect(on_council_published, sender=CouncilPage, weak=False)
        page_published.connect(on_meeting_published, sender=MeetingPage, weak=False)
        page_published.connect(on_minutes_published, sender=MinutesPage, weak=False)
        for model in (CouncilPage, MeetingPage, MinutesPage):
            page_unpublished.connect(on_unpublished, sender=model, weak=False)
