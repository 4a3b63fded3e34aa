"""Reads of municipalities and their budget reports for the public pages, the indicators,
search and notifications (municipalities.selectors holds those of the API and the admin; the
two were written side by side and overlap in a few reads, to be made one).

Every read here answers in a fixed number of queries whatever the number of municipalities,
reports or lines: totals are the revisions' stored sums, and sums by category are grouped in
the database. The registry's own rows are Azerbaijani; a page in another language shows the
translation of the name and region where there is one.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from civic_platform.organisations.models import Kind as OrganisationKind
from consultations.choices import ConsultationKind
from consultations.models import ConsultationPage
from councils.models import CouncilPage
from municipalities.choices import (
    Category,
    LineKind,
    Stage,
)
from municipalities.deadlines import last_complete_year, legal_deadline
from municipalities.models.budgets import BudgetLine, BudgetReport, BudgetReportRevision
from municipalities.models.registry import Municipality

# Revenue a municipality raises itself, as against transfers from the state budget.
OWN_REVENUE_CATEGORIES = (Category.LOCAL_TAXES, Category.LOCAL_PAYMENTS)
STAGE_SEQUENCE = [stage.value for stage in Stage]


def _in_language(field_name: str, *, locale_id: int | None, path: str = ""):
    """The municipality's `field_name` in the page's language, else the Azerbaijani one."""
    translated = Municipality.objects.filter(
        translation_key=OuterRef(f"{path}translation_key"), locale_id=locale_id
    ).values(field_name)[:1]
    return Coalesce(Subquery(translated), F(f"{path}{field_name}"))


def municipalities_in_language(*, locale_id: int | None) -> QuerySet[Municipality]:
    """Every municipality (its Azerbaijani row) with `shown_name` and `shown_region` in the
    language and `latest_year`, the year of its latest published report (None before one)."""
    latest = (
        BudgetReport.objects.published()
        .filter(municipality=OuterRef("pk"))
        .order_by("-year")
        .values("year")[:1]
    )
    return (
        Municipality.objects.in_source_language()
        .annotate(
            shown_name=_in_language("name", locale_id=locale_id),
            shown_region=_in_language("region", locale_id=locale_id),
            latest_year=Subquery(latest),
        )
        .order_by("shown_name", "pk")
    )


def municipality_regions(*, locale_id: int | None) -> list[tuple[str, str]]:
    """(Azerbaijani region, region in the language) of every municipality, once each: the
    region filter's choices; the value is the Azerbaijani name, the same in every language."""
    rows = municipalities_in_language(locale_id=locale_id).values_list("region", "shown_region")
    return sorted(set(rows), key=lambda row: row[1])


def municipality_shown(slug: str, *, locale_id: int | None) -> Municipality | None:
    """The municipality at its address, with its public council's page in the language."""
    municipality = (
        municipalities_in_language(locale_id=locale_id)
        .select_related("public_council")
        .filter(slug=slug)
        .first()
    )
    if municipality is None:
        return None
    council = municipality.public_council
    municipality.council_page = None
    if council is not None:
        municipality.council_page = (
            CouncilPage.objects.live()
            .public()
            .filter(translation_key=council.translation_key, locale_id=locale_id)
            .first()
        ) or (council if council.live else None)
    return municipality


def _current(reports: QuerySet[BudgetReport]) -> QuerySet[BudgetReport]:
    """Reports with their current revision's stored totals as `current_<total>` fields."""
    current = BudgetReportRevision.objects.filter(report=OuterRef("pk"), is_current=True)
    return reports.annotate(
        current_revision_id=Subquery(current.values("pk")[:1]),
        line_count=Subquery(current.values("line_count")[:1]),
        **{
            f"current_{name}": Subquery(current.values(name)[:1])
            for name in (
                "revenue_planned",
                "revenue_revised",
                "revenue_executed",
                "expenditure_planned",
                "expenditure_revised",
                "expenditure_executed",
            )
        },
    )


def published_reports_by_year(municipality: Municipality) -> list[tuple[int, list]]:
    """[(year, [report, ...]), ...], newest year first, each year's reports in stage order."""
    reports = _current(BudgetReport.objects.published().filter(municipality=municipality))
    by_year: dict[int, list] = {}
    for report in sorted(reports, key=lambda r: (-r.year, STAGE_SEQUENCE.index(r.stage))):
        by_year.setdefault(report.year, []).append(report)
    return list(by_year.items())


def published_report(municipality: Municipality, year: int, stage: str) -> BudgetReport | None:
    return (
        _current(BudgetReport.objects.published())
        .select_related("decision_document")
        .filter(municipality=municipality, year=year, stage=stage)
        .first()
    )


def current_lines(report: BudgetReport) -> QuerySet[BudgetLine]:
    return BudgetLine.objects.filter(revision_id=report.current_revision_id).order_by("position")


@dataclass
class CategorySums:
    kind: str
    category: str
    planned: Decimal
    revised: Decimal | None
    executed: Decimal | None

    @property
    def label(self) -> str:
        return Category(self.category).label

    @property
    def execution_rate(self) -> Decimal | None:
        if self.executed is None or not self.planned:
            return None
        return self.executed / self.planned * 100


def category_sums(report: BudgetReport) -> dict[str, list[CategorySums]]:
    """Per kind, each category's sums in the report's current revision, largest planned first."""
    rows = (
        current_lines(report)
        .order_by()
        .values("kind", "category")
        .annotate(planned=Sum("planned"), revised=Sum("revised"), executed=Sum("executed"))
    )
    grouped: dict[str, list[CategorySums]] = {kind: [] for kind in LineKind.values}
    for row in sorted(rows, key=lambda r: (-r["planned"], r["category"])):
        grouped[row["kind"]].append(CategorySums(**row))
    return grouped


def year_over_year(municipality: Municipality, stage: str) -> list[BudgetReport]:
    """The municipality's published reports of one stage, oldest year first, with totals."""
    reports = BudgetReport.objects.published().filter(municipality=municipality, stage=stage)
    return list(_current(reports).order_by("year"))


def open_consultations_of(municipality: Municipality, *, locale_id: int | None) -> list:
    """Open consultations of the municipality's own organisation (same name), in the language:
    a consultation on its draft budget is owned by it."""
    now = timezone.now()
    return list(
        ConsultationPage.objects.live()
        .public()
        .filter(
            locale_id=locale_id,
            owner_organisation__name=municipality.name,
            opens_at__lte=now,
            closes_at__gt=now,
        )
        .order_by("closes_at", "pk")
    )


def published_years() -> list[int]:
    """Years with at least one published report, newest first."""
    return list(
        BudgetReport.objects.published().order_by("-year").values_list("year", flat=True).distinct()
    )


# --- Comparison across municipalities ---------------------------------------------------------


@dataclass
class ComparisonRow:
    municipality: Municipality
    report: BudgetReport | None
    population: int | None
    expenditure: Decimal | None = None
    per_resident: Decimal | None = None
    own_revenue_share: Decimal | None = None
    execution_rate: Decimal | None = None


COMPARISON_SORTS = ("name", "per_resident", "own_revenue_share", "execution_rate")


def _comparison_value(row: ComparisonRow, key: str):
    if key == "name":
        return row.municipality.shown_name.casefold()
    return getattr(row, key)


def budget_comparison(
    *, year: int, locale_id: int | None, sort: str = "name", descending: bool = False
) -> list[ComparisonRow]:
    """Each municipality's budget for the year, comparable: expenditure per resident and the
    share of its revenue it raises itself (from the annual execution where published, else the
    approved budget), and how much of the planned expenditure was executed (annual execution).
    Rows without a value sort last either way."""
    stages = (Stage.APPROVED, Stage.ANNUAL)
    reports = list(_current(BudgetReport.objects.published().filter(year=year, stage__in=stages)))
    by_municipality: dict[int, dict[str, BudgetReport]] = {}
    for report in reports:
        by_municipality.setdefault(report.municipality_id, {})[report.stage] = report
    own_revenue = {
        row["revision_id"]: row
        for row in BudgetLine.objects.filter(
            revision_id__in=[r.current_revision_id for r in reports],
            kind=LineKind.REVENUE,
            category__in=OWN_REVENUE_CATEGORIES,
        )
        .order_by()
        .values("revision_id")
        .annotate(planned=Sum("planned"), executed=Sum("executed"))
    }
    rows = []
    for municipality in municipalities_in_language(locale_id=locale_id):
        found = by_municipality.get(municipality.pk, {})
        annual, approved = found.get(Stage.ANNUAL), found.get(Stage.APPROVED)
        report = annual or approved
        row = ComparisonRow(municipality, report, municipality.population)
        if report is not None:
            executed = report is annual and report.current_expenditure_executed is not None
            row.expenditure = (
                report.current_expenditure_executed
                if executed
                else report.current_expenditure_planned
            )
            if row.population:
                row.per_resident = row.expenditure / row.population
            if report is annual and report.current_revenue_executed:
                own = own_revenue.get(report.current_revision_id, {}).get("executed") or 0
                row.own_revenue_share = own / report.current_revenue_executed * 100
            elif report.current_revenue_planned:
                own = own_revenue.get(report.current_revision_id, {}).get("planned") or 0
                row.own_revenue_share = own / report.current_revenue_planned * 100
            if (
                annual is not None
                and annual.current_expenditure_executed is not None
                and annual.current_expenditure_planned
            ):
                row.execution_rate = (
                    annual.current_expenditure_executed / annual.current_expenditure_planned * 100
                )
        rows.append(row)
    sort = sort if sort in COMPARISON_SORTS else "name"
    with_value = [row for row in rows if _comparison_value(row, sort) is not None]
    without = [row for row in rows if _comparison_value(row, sort) is None]
    with_value.sort(key=lambda row: _comparison_value(row, sort), reverse=descending)
    return with_value + without


# --- Timeliness and completeness ---------------------------------------------------------------


@dataclass
class StageCell:
    stage: str
    deadline: datetime.date
    report: BudgetReport | None = None

    @property
    def state(self) -> str:
        """on_time, late, missing (due and not published) or not_due."""
        if self.report is not None:
            return "late" if self.report.days_late else "on_time"
        return "missing" if self.deadline < timezone.localdate() else "not_due"

    @property
    def days_late(self) -> int | None:
        if self.report is not None:
            return self.report.days_late
        if self.deadline < timezone.localdate():
            return (timezone.localdate() - self.deadline).days
        return None


@dataclass
class ScoreRow:
    municipality: Municipality
    cells: list[StageCell] = field(default_factory=list)

    @property
    def due(self) -> int:
        return sum(1 for cell in self.cells if cell.state != "not_due")

    @property
    def published(self) -> int:
        return sum(1 for cell in self.cells if cell.report is not None)

    @property
    def on_time(self) -> int:
        return sum(1 for cell in self.cells if cell.state == "on_time")


def scoreboard(*, year: int, locale_id: int | None) -> list[ScoreRow]:
    """For each municipality, each stage of its budget for the year: published on time, late
    (by how many days), missing although due, or not due yet."""
    reports = BudgetReport.objects.published().filter(year=year)
    found = {(report.municipality_id, report.stage): report for report in reports}
    deadlines = {stage: legal_deadline(year, stage) for stage in STAGE_SEQUENCE}
    return [
        ScoreRow(
            municipality,
            [
                StageCell(stage, deadlines[stage], found.get((municipality.pk, stage)))
                for stage in STAGE_SEQUENCE
            ],
        )
        for municipality in municipalities_in_language(locale_id=locale_id)
    ]


# --- Indicators --------------------------------------------------------------------------------


def accountable_municipalities_count(measure=None) -> int:
    """Municipalities that published both their approved budget and their annual execution
    for the last year whose annual execution is due (plan 7.2)."""
    year = last_complete_year(timezone.localdate())
    return (
        Municipality.objects.in_source_language()
        .annotate(
            stages=Count(
                "budget_reports__stage",
                filter=Q(
                    budget_reports__year=year,
                    budget_reports__stage__in=(Stage.APPROVED, Stage.ANNUAL),
                    budget_reports__published_at__isnull=False,
                ),
                distinct=True,
            )
        )
        .filter(stages=2)
        .count()
    )


def reports_on_time_share(measure=None) -> Decimal:
    """Of the approved budgets and annual executions published for that year, the share
    published by their legal deadline, in percent (0 when none is published)."""
    year = last_complete_year(timezone.localdate())
    reports = BudgetReport.objects.published().filter(
        year=year, stage__in=(Stage.APPROVED, Stage.ANNUAL)
    )
    counts = reports.aggregate(
        total=Count("pk"),
        on_time=Count("pk", filter=Q(published_at__date__lte=F("deadline"))),
    )
    if not counts["total"]:
        return Decimal(0)
    return Decimal(counts["on_time"] * 100) / counts["total"]


def municipalities_on_the_web_count(measure=None) -> int:
    """Municipalities with a page on this site (every registered one has), a public council
    and at least one published report (plan 7.3)."""
    return (
        Municipality.objects.in_source_language()
        .filter(public_council__isnull=False)
        .filter(budget_reports__published_at__isnull=False)
        .distinct()
        .count()
    )


def municipality_name_in(municipality: Municipality, language: str | None) -> str:
    """The municipality's name in the language, else its Azerbaijani name."""
    translated = (
        Municipality.objects.filter(
            translation_key=municipality.translation_key, locale__language_code=language
        )
        .values_list("name", flat=True)
        .first()
    )
    return translated or municipality.name


def consultation_on_draft(
    report: BudgetReport, *, locale_id: int | None
) -> ConsultationPage | None:
    """The consultation on a municipality's draft budget for the report's year (the page in the
    language; in Azerbaijani when `locale_id` is None), owned by the municipality's organisation."""
    if report.stage != Stage.DRAFT:
        return None
    pages = ConsultationPage.objects.filter(
        kind=ConsultationKind.DRAFT_LOCAL_BUDGET,
        fiscal_year=report.year,
        owner_organisation__kind=OrganisationKind.MUNICIPALITY,
        owner_organisation__name=report.municipality.name,
    )
    if locale_id is None:
        return pages.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    return pages.live().public().filter(locale_id=locale_id).first()
