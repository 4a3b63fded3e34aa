"""Reads of municipalities and their budget reports, for the public pages, the API, the admin,
the indicators, search, notifications and other apps.

Every read answers in a fixed number of queries whatever the number of municipalities, reports
or lines: a report comes with its current revision (`report.current`: number, line count and
stored totals) in the same query, and sums by category are grouped in the database. The
registry's own rows are Azerbaijani (reports point at them); a read in another language gives
the translation of the name and region where there is one.

Imported by municipalities.pages while municipalities.models is still being loaded, hence the
models' own modules below, not the package.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    F,
    FilteredRelation,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from consultations.models import ConsultationPage
from councils.models import CouncilPage
from municipalities.choices import Category, LineKind, Stage
from municipalities.deadlines import last_complete_year, legal_deadline
from municipalities.models.budgets import (
    BudgetLine,
    BudgetReport,
    BudgetReportRevision,
    PendingBudgetUpload,
)
from municipalities.models.registry import Municipality

# Revenue a municipality raises itself, as against transfers from the state budget.
OWN_REVENUE_CATEGORIES = (Category.LOCAL_TAXES, Category.LOCAL_PAYMENTS)

# Stages in the order of the budget's year: draft, approved, q1, q2, q3, annual.
STAGE_ORDER = Case(
    *(When(stage=stage, then=Value(position)) for position, stage in enumerate(Stage.values)),
    default=Value(len(Stage.values)),
)


def _in_language(field_name: str, *, locale_id: int | None, path: str = ""):
    """An expression: the municipality's `field_name` in the language, else the Azerbaijani
    one."""
    translated = Municipality.objects.filter(
        translation_key=OuterRef(f"{path}translation_key"), locale_id=locale_id
    ).values(field_name)[:1]
    return Coalesce(Subquery(translated), F(f"{path}{field_name}"))


# --- Municipalities ----------------------------------------------------------------------------


def municipalities_in_language(*, locale_id: int | None) -> QuerySet[Municipality]:
    """Every municipality (its Azerbaijani row, which reports point at) with `shown_name` and
    `shown_region` in the language, its public council, and `latest_report_year`, the year of
    its latest published report (None before the first); ordered by the name shown."""
    latest = (
        BudgetReport.objects.published()
        .filter(municipality=OuterRef("pk"))
        .order_by("-year")
        .values("year")[:1]
    )
    return (
        Municipality.objects.in_source_language()
        .select_related("public_council")
        .annotate(
            shown_name=_in_language("name", locale_id=locale_id),
            shown_region=_in_language("region", locale_id=locale_id),
            latest_report_year=Subquery(latest),
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
    municipality = municipalities_in_language(locale_id=locale_id).filter(slug=slug).first()
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


def source_municipality(municipality: Municipality) -> Municipality:
    """The Azerbaijani row of a municipality given in any language."""
    if municipality.locale.language_code == settings.LANGUAGE_CODE:
        return municipality
    return Municipality.objects.in_source_language().get(
        translation_key=municipality.translation_key
    )


# --- Budget reports ----------------------------------------------------------------------------


def _with_current_revision(reports: QuerySet[BudgetReport]) -> QuerySet[BudgetReport]:
    """Reports with `current`, their current revision (None without one), their municipality
    and signed decision, in the same query."""
    return reports.annotate(
        current=FilteredRelation("revisions", condition=Q(revisions__is_current=True))
    ).select_related("current", "municipality", "decision_document")


def reports_published(*, locale_id: int | None = None) -> QuerySet[BudgetReport]:
    """Published reports, newest year first, each with `current` (its current revision: the
    stored totals) and `municipality_name` in the language, in one query."""
    return _with_current_revision(BudgetReport.objects.published()).annotate(
        municipality_name=_in_language("name", locale_id=locale_id, path="municipality__")
    )


def report_published(report_id: int, *, locale_id: int | None = None) -> BudgetReport | None:
    return reports_published(locale_id=locale_id).filter(pk=report_id).first()


def report_for_editing(report_id: int) -> BudgetReport | None:
    """A report whether published or not, with its current revision (the admin's read)."""
    return _with_current_revision(BudgetReport.objects.all()).filter(pk=report_id).first()


def reports_for_editors(municipalities: QuerySet[Municipality]) -> QuerySet[BudgetReport]:
    """Every report, published or not, of these municipalities, newest first (the admin)."""
    return _with_current_revision(
        BudgetReport.objects.filter(municipality__in=municipalities)
    ).order_by("-year", "municipality__name", STAGE_ORDER, "pk")


def report_of(
    municipality: Municipality, year: int, stage: str, *, published_only: bool = True
) -> BudgetReport | None:
    """The municipality's report of the year and stage, with its current revision; the admin
    asks for it whether published or not."""
    reports = BudgetReport.objects.filter(municipality=municipality, year=year, stage=stage)
    if published_only:
        reports = reports.published()
    return _with_current_revision(reports).first()


def reports_of_municipality(
    municipality: Municipality, *, published_only: bool = True
) -> QuerySet[BudgetReport]:
    """The municipality's reports with their current revisions, newest year first, each
    year's in the order of the budget's year."""
    reports = BudgetReport.objects.filter(municipality=municipality)
    if published_only:
        reports = reports.published()
    return _with_current_revision(reports).order_by("-year", STAGE_ORDER)


def year_over_year(municipality: Municipality, stage: str) -> list[BudgetReport]:
    """The municipality's published reports of one stage, oldest year first, with totals."""
    reports = BudgetReport.objects.published().filter(municipality=municipality, stage=stage)
    return list(_with_current_revision(reports).order_by("year"))


def report_years() -> list[int]:
    """Every budget year from the earliest published report's to the newest's, newest first,
    years in which nobody published included: the scoreboard shows them as missing."""
    span = BudgetReport.objects.published().aggregate(first=Min("year"), last=Max("year"))
    if span["first"] is None:
        return []
    return list(range(span["last"], span["first"] - 1, -1))


def report_lines(report: BudgetReport) -> QuerySet[BudgetLine]:
    """The lines of the report's current revision, in the file's order."""
    return BudgetLine.objects.filter(revision__report=report, revision__is_current=True).order_by(
        "position"
    )


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
    """Per kind ("revenue", "expenditure"), each category's planned, revised and executed sums
    in the report's current revision (None where no line has the amount), largest planned
    first."""
    rows = (
        report_lines(report)
        .order_by()
        .values("kind", "category")
        .annotate(planned=Sum("planned"), revised=Sum("revised"), executed=Sum("executed"))
    )
    grouped: dict[str, list[CategorySums]] = {kind: [] for kind in LineKind.values}
    # Sorted here, not by the database, so that ties fall in the same order whatever its
    # collation.
    for row in sorted(rows, key=lambda r: (-r["planned"], r["category"])):
        grouped[row["kind"]].append(CategorySums(**row))
    return grouped


def report_revisions(report: BudgetReport) -> QuerySet[BudgetReportRevision]:
    return report.revisions.select_related("created_by").order_by("-number")


def revision_lines(report: BudgetReport, number: int) -> QuerySet[BudgetLine] | None:
    """The lines of the report's revision with that number, in the file's order; None when the
    report has no such revision."""
    if not report.revisions.filter(number=number).exists():
        return None
    return BudgetLine.objects.filter(revision__report=report, revision__number=number).order_by(
        "position"
    )


def pending_upload_of(upload_id: int, *, user) -> PendingBudgetUpload | None:
    """An upload waiting for its uploader's confirmation; nobody else's."""
    if not user.is_authenticated:
        return None
    return (
        PendingBudgetUpload.objects.select_related("municipality")
        .filter(pk=upload_id, uploaded_by=user)
        .first()
    )


# --- Consultations -----------------------------------------------------------------------------


def open_consultations_of(municipality: Municipality, *, locale_id: int | None) -> list:
    """Open consultations of the municipality's organisation on the site, in the language: a
    consultation on its draft budget is owned by it."""
    if municipality.organisation_id is None:
        return []
    now = timezone.now()
    return list(
        ConsultationPage.objects.live()
        .public()
        .filter(
            locale_id=locale_id,
            owner_organisation_id=municipality.organisation_id,
            opens_at__lte=now,
            closes_at__gt=now,
        )
        .order_by("closes_at", "pk")
    )


def consultation_on_draft(
    report: BudgetReport, *, locale_id: int | None
) -> ConsultationPage | None:
    """The consultation on a municipality's draft budget for the report's year (the page in the
    language; in Azerbaijani when `locale_id` is None), as the report names it."""
    if report.stage != Stage.DRAFT or report.consultation_id is None:
        return None
    if locale_id is None:
        return ConsultationPage.objects.filter(pk=report.consultation_id).first()
    opened = ConsultationPage.objects.filter(pk=report.consultation_id).values("translation_key")
    return (
        ConsultationPage.objects.live()
        .public()
        .filter(locale_id=locale_id, translation_key=Subquery(opened[:1]))
        .first()
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
    reports = list(
        _with_current_revision(BudgetReport.objects.published().filter(year=year, stage__in=stages))
    )
    by_municipality: dict[int, dict[str, BudgetReport]] = {}
    for report in reports:
        by_municipality.setdefault(report.municipality_id, {})[report.stage] = report
    own_revenue = {
        row["revision_id"]: row
        for row in BudgetLine.objects.filter(
            revision_id__in=[r.current.pk for r in reports],
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
            current = report.current
            executed = report is annual and current.expenditure_executed is not None
            row.expenditure = (
                current.expenditure_executed if executed else current.expenditure_planned
            )
            if row.population:
                row.per_resident = row.expenditure / row.population
            if report is annual and current.revenue_executed:
                own = own_revenue.get(current.pk, {}).get("executed") or 0
                row.own_revenue_share = own / current.revenue_executed * 100
            elif current.revenue_planned:
                own = own_revenue.get(current.pk, {}).get("planned") or 0
                row.own_revenue_share = own / current.revenue_planned * 100
            if (
                annual is not None
                and annual.current.expenditure_executed is not None
                and annual.current.expenditure_planned
            ):
                row.execution_rate = (
                    annual.current.expenditure_executed / annual.current.expenditure_planned * 100
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
    deadlines = {stage: legal_deadline(year, stage) for stage in Stage.values}
    return [
        ScoreRow(
            municipality,
            [
                StageCell(stage, deadlines[stage], found.get((municipality.pk, stage)))
                for stage in Stage.values
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
        on_time=Count("pk", filter=Q(first_published_at__date__lte=F("deadline"))),
    )
    if not counts["total"]:
        return Decimal(0)
    return Decimal(counts["on_time"] * 100) / counts["total"]


def municipalities_on_the_web_count(measure=None) -> int:
    """Municipalities with a page on this site (every registered one has), a public council
    the public can see and at least one published report (plan 7.3)."""
    return (
        Municipality.objects.in_source_language()
        .filter(public_council__in=CouncilPage.objects.published().values("pk"))
        .filter(budget_reports__published_at__isnull=False)
        .distinct()
        .count()
    )


# --- Personal data -----------------------------------------------------------------------------


def personal_data(user) -> dict:
    """What the municipalities keep about a person, for the account's data download: the budget
    files they uploaded (saved revisions and uploads waiting for confirmation)."""
    revisions = (
        BudgetReportRevision.objects.filter(created_by=user)
        .select_related("report__municipality")
        .order_by("created_at", "pk")
    )
    pending = PendingBudgetUpload.objects.filter(uploaded_by=user).select_related("municipality")
    return {
        "budget_uploads": [
            {
                "municipality": revision.report.municipality.slug,
                "year": revision.report.year,
                "stage": revision.report.stage,
                "revision": revision.number,
                "file_name": revision.source_name,
                "uploaded_at": revision.created_at.isoformat(),
            }
            for revision in revisions
        ],
        "pending_budget_uploads": [
            {
                "municipality": upload.municipality.slug,
                "year": upload.year,
                "stage": upload.stage,
                "file_name": upload.file_name,
                "uploaded_at": upload.created_at.isoformat(),
            }
            for upload in pending
        ],
    }
