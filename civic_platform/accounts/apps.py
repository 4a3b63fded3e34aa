from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "civic_platform.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from civic_platform.accounts import registry
        from civic_platform.accounts.selectors import account_personal_data

        # The account's own part of the download goes through the registry like every app's.
        if "account" not in {provider.key for provider in registry.personal_data}:
            registry.personal_data.register(
                registry.PersonalDataProvider(key="account", collect=account_personal_data)
            )
