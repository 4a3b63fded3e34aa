from django.utils.translation import gettext_lazy as _

from civic_platform.models import SectionIndexPage
from themes.models import ServesMeasuresMixin


class MunicipalityIndexPage(ServesMeasuresMixin, SectionIndexPage):
    # The plan measures it serves: local budget accountability (7.2) and municipalities on
    # the web (7.3, 7.4). The index links to them until the section has content of its own.
    served_measure_codes = ("7.2", "7.3", "7.4")

    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("municipality index page")
