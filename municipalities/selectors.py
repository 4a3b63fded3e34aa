"""Reads of municipalities and budget reports, for pages, the API, the admin and other apps.

A report is read with its current revision (`report.current`: totals, line count) in the same
query; totals are stored, so nothing here adds up lines except the per-category sums of one
report, which the database does in one query.
"""

from django.conf import settings
from django.db.models import (
    Case,
    F,
    FilteredRelation,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from municipalities.choices import LineKind, Stage
from municipalities.models import (
    BudgetLine,
    BudgetReport,
    BudgetReportRevision,
    Municipality,
    PendingBudgetUpload,
)

# Stages in the order of the budget's year: draft, approved, q1, q2, q3, annual.
STAGE_ORDER = Case(
    *(When(stage=stage, then=Value(position)) for position, stage in enumerate(Stage.values)),
    default=Value(len(Stage.values)),
)


def _translated(field: str, *, locale_id: int | None, path: str = ""):
    """An expression: the municipality's `field` in the language, else in Azerbaijani."""
    translated = Municipality.objects.filter(
        translation_key=OuterRef(f"{path}translation_key"), locale_id=locale_id
    ).values(field)[:1]
    return Coalesce(Subquery(translated), F(f"{path}{field}"))


def municipalities_listed(*, locale_id: int | None) -> QuerySet[Municipality]:
    """Every municipality (its Azerbaijani row, which reports point at) with `local_name` and
    `local_region` in the language, its public council, and the year of its latest published
    report (`latest_report_year`, None before the first), ordered by slug."""
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
            local_name=_translated("name", locale_id=locale_id),
            local_region=_translated("region", locale_id=locale_id),
            latest_report_year=Subquery(latest),
        )
        .order_by("slug", "pk")
    )


def municipality_by_slug(slug: str, *, locale_id: int | None) -> Municipality | None:
    return municipalities_listed(locale_id=locale_id).filter(slug=slug).first()


def _with_current_revision(reports: QuerySet[BudgetReport]) -> QuerySet[BudgetReport]:
    return reports.annotate(
        current=FilteredRelation("revisions", condition=Q(revisions__is_current=True))
    ).select_related("current", "municipality", "decision_document")


def reports_published(*, locale_id: int | None = None) -> QuerySet[BudgetReport]:
    """Published reports, newest year first, each with `current` (its current revision: the
    stored totals) and `municipality_name` in the language, in one query."""
    return _with_current_revision(BudgetReport.objects.published()).annotate(
        municipality_name=_translated("name", locale_id=locale_id, path="municipality__")
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


def report_of(municipality: Municipality, year: int, stage: str) -> BudgetReport | None:
    return (
        _with_current_revision(BudgetReport.objects.all())
        .filter(municipality=municipality, year=year, stage=stage)
        .first()
    )


def reports_of_municipality(
    municipality: Municipality, *, published_only: bool = True
) -> QuerySet[BudgetReport]:
    reports = BudgetReport.objects.filter(municipality=municipality)
    if published_only:
        reports = reports.published()
    return _with_current_revision(reports).order_by("-year", STAGE_ORDER)


def latest_reports_by_municipality(municipality_ids) -> dict[int, list[BudgetReport]]:
    """The published reports of the latest year each municipality published for, by
    municipality id, in one query (a list page shows them without a query per row)."""
    latest_year = (
        BudgetReport.objects.published()
        .filter(municipality=OuterRef("municipality"))
        .order_by("-year")
        .values("year")[:1]
    )
    reports = _with_current_revision(
        BudgetReport.objects.published().filter(municipality_id__in=list(municipality_ids))
    ).filter(year=Subquery(latest_year))
    found: dict[int, list[BudgetReport]] = {}
    for report in reports.order_by("municipality_id", STAGE_ORDER):
        found.setdefault(report.municipality_id, []).append(report)
    return found


def report_lines(report: BudgetReport) -> QuerySet[BudgetLine]:
    """The lines of the report's current revision, in the file's order."""
    return BudgetLine.objects.filter(revision__report=report, revision__is_current=True).order_by(
        "position"
    )


def lines_by_category(report: BudgetReport) -> dict[str, list[dict]]:
    """Per kind ("revenue", "expenditure"), each category's planned, revised and executed
    sums in the current revision (None where no line has the amount), largest planned first."""
    rows = (
        report_lines(report)
        .order_by()
        .values("kind", "category")
        .annotate(planned=Sum("planned"), revised=Sum("revised"), executed=Sum("executed"))
        .order_by("kind", "-planned", "category")
    )
    grouped: dict[str, list[dict]] = {kind: [] for kind in LineKind.values}
    for row in rows:
        grouped[row.pop("kind")].append(row)
    return grouped


def report_revisions(report: BudgetReport) -> QuerySet[BudgetReportRevision]:
    return report.revisions.select_related("created_by").order_by("-number")


def pending_upload_of(upload_id: int, *, user) -> PendingBudgetUpload | None:
    """An upload waiting for its uploader's confirmation; nobody else's."""
    if not user.is_authenticated:
        return None
    return (
        PendingBudgetUpload.objects.select_related("municipality")
        .filter(pk=upload_id, uploaded_by=user)
        .first()
    )


def source_municipality(municipality: Municipality) -> Municipality:
    """The Azerbaijani row of a municipality given in any language."""
    if municipality.locale.language_code == settings.LANGUAGE_CODE:
        return municipality
    return Municipality.objects.in_source_language().get(
        translation_key=municipality.translation_key
    )


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
