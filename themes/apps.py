from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = _("Action plan")

    def ready(self):
        from themes.indicators import register_theme_indicators

        register_theme_indicators()
