from django.utils.translation import gettext_lazy as _

from civic_platform.models import SectionIndexPage
from municipalities.pages import MunicipalityRoutesMixin
from themes.models import ServesMeasuresMixin


class MunicipalityIndexPage(MunicipalityRoutesMixin, ServesMeasuresMixin, SectionIndexPage):
    # The plan measures it serves: local budget accountability (7.2) and municipalities on
    # the web (7.3, 7.4). Its routes (municipalities/pages.py) serve the registry, each
    # municipality, its reports, the comparison and the scoreboard.
    served_measure_codes = ("7.2", "7.3", "7.4")

    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("municipality index page")
