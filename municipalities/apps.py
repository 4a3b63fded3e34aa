from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "municipalities"
    verbose_name = _("Municipalities")

    def ready(self):
        from civic_platform.accounts import registry as accounts_registry
        from municipalities import selectors

        # The budget files a person uploaded are in their data download. Deleting the account
        # keeps the saved revisions (public record; `created_by` becomes null) and drops the
        # uploads still waiting for confirmation (a cascade).
        accounts_registry.personal_data.register(
            accounts_registry.PersonalDataProvider(
                key="municipalities", collect=selectors.personal_data
            )
        )
