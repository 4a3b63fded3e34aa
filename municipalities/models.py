from django.utils.translation import gettext_lazy as _

from civic_platform.models import SectionIndexPage


class MunicipalityIndexPage(SectionIndexPage):
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("municipality index page")
