"""What follows a budget report's publication, withdrawal or new revision, wherever it came
from (the admin, the import command, the demo content): search records the change, the plan's
municipal indicators are recounted, and a first publication is news for the municipality's
followers. Connected to BudgetReport's post_save in MunicipalitiesConfig.ready()."""

from django.db import transaction

from civic_platform.notifications.services import event_record
from municipalities.models import BudgetReport, Municipality
from municipalities.notifications import REPORT_PUBLISHED
from municipalities.search import BUDGET, MUNICIPALITY
from search.services import search_objects_changed
from themes.models import Measure
from themes.services import indicator_snapshots_refresh

MUNICIPAL_MEASURE_CODES = ("7.2", "7.3")


def municipal_indicators_refresh() -> None:
    """Recount the plan's indicators that municipalities feed (7.2, 7.3)."""
    indicator_snapshots_refresh(measures=Measure.objects.filter(code__in=MUNICIPAL_MEASURE_CODES))


@transaction.atomic
def budget_report_changed(*, report) -> None:
    search_objects_changed(doc_type=BUDGET, object_ids=[report.pk])
    search_objects_changed(doc_type=MUNICIPALITY, object_ids=[report.municipality_id])
    municipal_indicators_refresh()
    if report.published_at is not None:
        # Once per report: a withdrawn report published again is no news.
        event_record(
            kind=REPORT_PUBLISHED, occurrence=report, dedupe_key=f"budget-report-{report.pk}"
        )


def municipality_changed(*, municipality) -> None:
    """A municipality's row in any language changed: its search document is kept under the
    Azerbaijani row's id, and its published reports' titles name it, so both are recorded."""
    source_ids = list(
        Municipality.objects.in_source_language()
        .filter(translation_key=municipality.translation_key)
        .values_list("pk", flat=True)
    )
    search_objects_changed(doc_type=MUNICIPALITY, object_ids=source_ids)
    report_ids = list(
        BudgetReport.objects.published()
        .filter(municipality_id__in=source_ids)
        .values_list("pk", flat=True)
    )
    if report_ids:
        search_objects_changed(doc_type=BUDGET, object_ids=report_ids)
