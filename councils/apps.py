from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = _("Public councils")

    def ready(self):
        from wagtail.signals import page_published

        from civic_platform.organisations.registry import ActivityProvider, activity
        from councils.models import CouncilPage
        from councils.selectors import council_seats_of
        from councils.services import council_roles_sync

        activity.register(
            ActivityProvider(
                key="council-seats", label=_("Council seats"), items_for=council_seats_of
            )
        )

        # Publishing goes through the editor, the workflow or scheduled publishing; each path
        # ends here, and the published member list decides who holds a council's roles.
        def sync_roles(sender, instance, **kwargs):
            council_roles_sync(council=instance)

        page_published.connect(sync_roles, sender=CouncilPage, weak=False)
