from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    name = "themes"
    verbose_name = _("Action plan")

    def ready(self):
        from wagtail.signals import published, unpublished

        from themes.indicators import register_theme_indicators
        from themes.models import ProgressUpdate
        from themes.services import progress_update_changed

        register_theme_indicators()

        # Publishing goes through Wagtail's views and workflows; these signals are where every
        # path ends, so the measure's numbers are recounted whichever path was taken.
        def recount(sender, instance, **kwargs):
            progress_update_changed(update=instance)

        for signal in (published, unpublished):
            signal.connect(recount, sender=ProgressUpdate, weak=False)
