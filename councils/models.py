from django.utils.translation import gettext_lazy as _

from civic_platform.models import SectionIndexPage
from themes.models import ServesMeasuresMixin


class CouncilIndexPage(ServesMeasuresMixin, SectionIndexPage):
    # The plan measures it serves: public councils at state bodies (5.5) and the municipal
    # public council (7.1). The index links to them until the section has content of its own.
    served_measure_codes = ("5.5", "7.1")

    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("council index page")
