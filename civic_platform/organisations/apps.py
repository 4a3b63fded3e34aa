from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "civic_platform.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self):
        from civic_platform.accounts import registry as personal_data
        from civic_platform.organisations.notifications import register_notifications
        from civic_platform.organisations.selectors import memberships_of
        from civic_platform.organisations.services import user_removed

        register_notifications()
        personal_data.personal_data.register(
            personal_data.PersonalDataProvider(
                key="organisation_memberships", collect=memberships_of
            )
        )
        personal_data.deletion_handlers.register(
            personal_data.DeletionHandler(
                key="organisation_memberships", delete=lambda user: user_removed(user=user)
            )
        )
