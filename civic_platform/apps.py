from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CivicPlatformConfig(AppConfig):
    name = "civic_platform"
    verbose_name = _("Platform")
