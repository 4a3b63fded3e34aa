"""Reads of the action plan for pages, the API and other apps."""

import datetime
import logging
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, Value, When
from django.db.models import CharField as CharFieldType
from django.utils import timezone
from wagtail.models import Locale

from themes.models import (
    AreaPage,
    Body,
    IndicatorSnapshot,
    Measure,
    MeasureBody,
    MeasurePage,
    MeasureStatus,
    ProgressUpdate,
    ThematicArea,
)
from themes.registry import indicators, links

logger = logging.getLogger(__name__)

MEASURES_PER_PAGE = 25
# An indicator value older than this is computed again when a page asks for it.
INDICATOR_MAX_AGE = datetime.timedelta(hours=1)


def _today() -> datetime.date:
    return timezone.localdate()


def measures_with_status(queryset=None, *, today: datetime.date | None = None):
    """Measures annotated with `status`, derived from the deadline and published updates.

    Completed: a published update says the measure is complete. Overdue: the deadline year
    has passed without that. In progress: published updates exist. Not started: none yet.
    """
    year = (today or _today()).year
    published = ProgressUpdate.objects.filter(measure=OuterRef("pk"), live=True)
    queryset = Measure.objects.all() if queryset is None else queryset
    return queryset.annotate(
        has_updates=Exists(published),
        is_complete=Exists(published.filter(completes_measure=True)),
    ).annotate(
        status=Case(
            When(is_complete=True, then=Value(MeasureStatus.COMPLETED)),
            When(deadline_end__lt=year, then=Value(MeasureStatus.OVERDUE)),
            When(has_updates=True, then=Value(MeasureStatus.IN_PROGRESS)),
            default=Value(MeasureStatus.NOT_STARTED),
            output_field=CharFieldType(),
        )
    )


def measure_status(measure: Measure, *, today: datetime.date | None = None) -> str:
    return measures_with_status(Measure.objects.filter(pk=measure.pk), today=today).get().status


def filter_measures(queryset, *, area: str = "", body: str = "", status: str = ""):
    if area:
        queryset = queryset.filter(area__number=area) if area.isdigit() else queryset.none()
    if body:
        queryset = queryset.filter(body_roles__body__slug=body).distinct()
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def published_progress_updates(measure):
    return (
        ProgressUpdate.objects.filter(measure=measure, live=True)
        .prefetch_related("evidence_links", "evidence_documents__document")
        .order_by("-date", "-pk")
    )


def locale_for(language: str) -> Locale | None:
    return Locale.objects.filter(language_code=language).first()


def measure_pages_by_measure(measure_ids, locale) -> dict[int, MeasurePage]:
    """Published measure pages in one language by measure id; measure_ids None means all."""
    pages = MeasurePage.objects.live().public()
    if measure_ids is not None:
        pages = pages.filter(measure_id__in=measure_ids)
    if locale is not None:
        pages = pages.filter(locale=locale)
    return {page.measure_id: page for page in pages}


def area_pages_by_area(locale) -> dict[int, AreaPage]:
    pages = AreaPage.objects.live().public()
    if locale is not None:
        pages = pages.filter(locale=locale)
    return {page.area_id: page for page in pages}


def measure_pages_with_status(pages):
    """Attach `status` (and its label) to measure pages, in one query for all of them."""
    pages = list(pages)
    statuses = dict(
        measures_with_status(
            Measure.objects.filter(pk__in=[p.measure_id for p in pages])
        ).values_list("pk", "status")
    )
    for page in pages:
        page.status = statuses.get(page.measure_id)
        page.status_label = MeasureStatus(page.status).label if page.status else ""
    return pages


@dataclass
class BodyRole:
    body: Body
    written_as: str


def measure_bodies(measure: Measure) -> dict[str, list[BodyRole]]:
    roles = {MeasureBody.Role.EXECUTOR: [], MeasureBody.Role.RECOMMENDED: []}
    for role in measure.body_roles.select_related("body").order_by("position"):
        roles[role.role].append(BodyRole(body=role.body, written_as=role.written_as))
    return {
        "executors": roles[MeasureBody.Role.EXECUTOR],
        "recommended": roles[MeasureBody.Role.RECOMMENDED],
    }


@dataclass
class IndicatorValue:
    key: str
    label: str
    method: str
    value: object
    unit: str
    computed_at: datetime.datetime


def indicator_values(measure: Measure, *, max_age=INDICATOR_MAX_AGE) -> list[IndicatorValue]:
    """Each registered indicator's value for the measure, computed again only when stale."""
    from themes.services import indicator_snapshot_refresh

    snapshots = {s.indicator_key: s for s in IndicatorSnapshot.objects.filter(measure=measure)}
    values = []
    now = timezone.now()
    for indicator in indicators.for_measure(measure.code):
        snapshot = snapshots.get(indicator.key)
        if snapshot is None or now - snapshot.computed_at > max_age:
            try:
                snapshot = indicator_snapshot_refresh(indicator=indicator, measure=measure)
            except Exception:
                # Another app's indicator failing must not take the measure page down; the
                # last stored value, if any, is still shown with its (older) time.
                logger.exception("Indicator %s failed for measure %s", indicator.key, measure.code)
                if snapshot is None:
                    continue
        value = snapshot.value
        values.append(
            IndicatorValue(
                key=indicator.key,
                label=str(indicator.label),
                method=str(indicator.method),
                value=int(value) if value == int(value) else value,
                unit=indicator.unit,
                computed_at=snapshot.computed_at,
            )
        )
    return values


def linked_items(measure: Measure):
    return links.items_for(measure)


def measure_detail(measure: Measure, *, request=None) -> dict:
    status = measure_status(measure)
    return {
        "measure": measure,
        "status": status,
        "status_label": MeasureStatus(status).label,
        **measure_bodies(measure),
        "progress_updates": published_progress_updates(measure),
        "indicator_values": indicator_values(measure),
        "linked_items": linked_items(measure),
    }


@dataclass
class AreaStatusRow:
    area: ThematicArea
    area_page: AreaPage | None
    counts: dict[str, int]
    total: int


def status_matrix(queryset, locale) -> list[AreaStatusRow]:
    """Measures per area and status: the dashboard chart and its table."""
    counts = queryset.order_by().values("area_id", "status").annotate(n=Count("pk", distinct=True))
    by_area: dict[int, dict[str, int]] = {}
    for row in counts:
        by_area.setdefault(row["area_id"], {})[row["status"]] = row["n"]
    area_pages = {
        page.area_id: page
        for page in AreaPage.objects.live().filter(locale=locale)
        if locale is not None
    }
    rows = []
    for area in ThematicArea.objects.all():
        area_counts = {
            status: by_area.get(area.pk, {}).get(status, 0) for status in MeasureStatus.values
        }
        rows.append(
            AreaStatusRow(
                area=area,
                area_page=area_pages.get(area.pk),
                counts=area_counts,
                total=sum(area_counts.values()),
            )
        )
    return rows


def plan_dashboard(*, locale, area: str = "", body: str = "", status: str = "", page_number=1):
    measures = measures_with_status().select_related("area")
    filtered = filter_measures(measures, area=area, body=body, status=status)
    pages = measure_pages_by_measure(filtered.values_list("pk", flat=True), locale)
    overdue_count = filter_measures(
        measures, area=area, body=body, status=MeasureStatus.OVERDUE
    ).count()
    page_obj = Paginator(filtered, MEASURES_PER_PAGE).get_page(page_number)
    measure_pages = []
    for measure in page_obj:
        page = pages.get(measure.pk)
        if page is not None:
            page.measure = measure
            page.status = measure.status
            page.status_label = MeasureStatus(measure.status).label
            measure_pages.append(page)
    return {
        "matrix": status_matrix(filtered, locale),
        "statuses": MeasureStatus.choices,
        "measures": page_obj,
        "measure_pages": measure_pages,
        "overdue_count": overdue_count,
        "areas": ThematicArea.objects.all(),
        "bodies": Body.objects.annotate(n=Count("measure_roles")).filter(n__gt=0),
        "filters": {"area": area, "body": body, "status": status},
    }


def bodies_with_measure_counts():
    return Body.objects.annotate(
        executor_count=Count("measure_roles", filter=Q(measure_roles__role="executor")),
        recommended_count=Count("measure_roles", filter=Q(measure_roles__role="recommended")),
    )


def body_measures(body: Body) -> dict[str, list[Measure]]:
    roles = (
        MeasureBody.objects.filter(body=body)
        .select_related("measure__area")
        .order_by("measure__area__number", "measure__position")
    )
    result = {"executor": [], "recommended": []}
    for role in roles:
        result[role.role].append(role.measure)
    return result


def bodies_for_api():
    return Body.objects.order_by("slug").prefetch_related(
        "aliases",
        Prefetch(
            "measure_roles",
            queryset=MeasureBody.objects.select_related("measure").order_by(
                "measure__area__number", "measure__position"
            ),
        ),
    )


def themes_with_measure_counts():
    return ThematicArea.objects.annotate(measure_count=Count("measures"))


def measures_for_api():
    return (
        measures_with_status()
        .select_related("area")
        .prefetch_related(
            Prefetch(
                "body_roles",
                queryset=MeasureBody.objects.select_related("body").order_by("position"),
            )
        )
    )
