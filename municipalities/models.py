from django.utils.translation import gettext_lazy as _

from civic_platform.models import SectionIndexPage
from themes.models import Measure, MeasurePage


class MunicipalityIndexPage(SectionIndexPage):
    # The plan measures it serves: local budget accountability (7.2) and municipalities on
    # the web (7.3, 7.4). The index links to them until the section has content of its own.
    served_measure_codes = ("7.2", "7.3", "7.4")

    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("municipality index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["served_measure_pages"] = MeasurePage.objects.in_plan_order(
            locale_id=self.locale_id,
            measure_ids=Measure.objects.filter(code__in=self.served_measure_codes).values("pk"),
        )
        return context
