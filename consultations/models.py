from django.utils.translation import gettext_lazy as _

from civic_platform.models import SectionIndexPage
from themes.models import Measure, MeasurePage


class ConsultationIndexPage(SectionIndexPage):
    # The plan measures it serves: the draft state budget discussion (2.2) and the
    # Government–Civil Society Dialogue Platform (5.6). The index links to them until the
    # section has content of its own.
    served_measure_codes = ("2.2", "5.6")

    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("consultation index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["served_measure_pages"] = MeasurePage.objects.in_plan_order(
            locale_id=self.locale_id,
            measure_ids=Measure.objects.filter(code__in=self.served_measure_codes).values("pk"),
        )
        return context
