from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = _("Public councils")

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from civic_platform.organisations.registry import ActivityProvider, activity
        from councils.indicators import register_council_indicators
        from councils.models import CouncilPage, MeetingPage, MinutesPage
        from councils.notifications import register_notifications
        from councils.selectors import council_seats_of
        from councils.services import (
            council_indicators_refresh,
            council_roles_sync,
            meeting_published,
            minutes_published,
        )

        activity.register(
            ActivityProvider(
                key="council-seats", label=_("Council seats"), items_for=council_seats_of
            )
        )
        register_council_indicators()
        register_notifications()

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

        page_published.connect(on_council_published, sender=CouncilPage, weak=False)
        page_published.connect(on_meeting_published, sender=MeetingPage, weak=False)
        page_published.connect(on_minutes_published, sender=MinutesPage, weak=False)
        for model in (CouncilPage, MeetingPage, MinutesPage):
            page_unpublished.connect(on_unpublished, sender=model, weak=False)
