from django.utils.translation import gettext_lazy as _

from civic_platform.models import SectionIndexPage
from themes.models import ServesMeasuresMixin


class ConsultationIndexPage(ServesMeasuresMixin, SectionIndexPage):
    # The plan measures it serves: the draft state budget discussion (2.2) and the
    # Government–Civil Society Dialogue Platform (5.6). The index links to them until the
    # section has content of its own.
    served_measure_codes = ("2.2", "5.6")

    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("consultation index page")
