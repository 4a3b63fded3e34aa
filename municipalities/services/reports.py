"""Writes of budget reports: importing a file as a new revision, the admin's two-step upload
(a pending upload shown as a preview, then confirmed), publishing and withdrawing.

An import is all or nothing: the file is read completely first (budget_import.py), and any bad
row gives the list of errors with nothing saved. A corrected file becomes a new revision of the
same report; the earlier revisions stay, no longer current. A corrected draft budget updates
the consultation open on it in the same transaction (consultation_lines.py).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from civic_platform.page_cache import page_cache_invalidate
from municipalities import rules
from municipalities.choices import Stage
from municipalities.deadlines import legal_deadline
from municipalities.models import (
    BudgetLine,
    BudgetReport,
    BudgetReportRevision,
    Municipality,
    PendingBudgetUpload,
)
from municipalities.services.budget_import import ParsedReport, budget_file_parse
from municipalities.services.consultation_lines import consultation_lines_update

LINES_PER_INSERT = 2_000
# A preview not confirmed within a day is dropped at the next upload.
PENDING_UPLOAD_LIFETIME = datetime.timedelta(days=1)


def _check(user, action, obj) -> None:
    # None is the site's operator running a management command.
    if user is not None and not rules.can(user, action, obj):
        raise PermissionDenied


@transaction.atomic
def budget_report_import(
    *,
    municipality: Municipality,
    year: int,
    stage: str,
    data: bytes,
    user,
    file_name: str = "",
    parsed: ParsedReport | None = None,
    progress=None,
) -> BudgetReportRevision:
    """The file's lines as the new current revision of the municipality's report for the year
    and stage (created, unpublished, when it is the first). Raises BudgetFileError with every
    row's errors, saving nothing, when the file has any. `progress(saved, total)` is called
    after each batch of lines is written (the command prints it)."""
    _check(user, rules.UPLOAD, municipality)
    parsed = parsed or budget_file_parse(data, stage=stage, file_name=file_name)
    report, _created = BudgetReport.objects.select_for_update().get_or_create(
        municipality=municipality,
        year=year,
        stage=stage,
        defaults={"deadline": legal_deadline(year, stage)},
    )
    if _created:
        report.full_clean()
    previous = report.revisions.aggregate(number=Max("number"))["number"] or 0
    report.revisions.filter(is_current=True).update(is_current=False)
    revision = BudgetReportRevision.objects.create(
        report=report,
        number=previous + 1,
        is_current=True,
        created_by=user,
        source_name=file_name[:255],
        line_count=len(parsed.lines),
        **parsed.totals,
    )
    lines = [
        BudgetLine(
            revision=revision,
            position=line.position,
            code=line.code,
            name=line.name,
            kind=line.kind,
            category=line.category,
            planned=line.planned,
            revised=line.revised,
            executed=line.executed,
        )
        for line in parsed.lines
    ]
    for start in range(0, len(lines), LINES_PER_INSERT):
        BudgetLine.objects.bulk_create(lines[start : start + LINES_PER_INSERT])
        if progress is not None:
            progress(min(start + LINES_PER_INSERT, len(lines)), len(lines))
    report.save(update_fields=["updated_at"])
    if report.stage == Stage.DRAFT:
        # Participants comment on the draft as it now stands; what they said stays.
        consultation_lines_update(report, user=user)
    if report.is_published:
        # The public report shows the new figures at once.
        page_cache_invalidate()
    return revision


@transaction.atomic
def budget_report_publish(*, report: BudgetReport, user, when=None) -> BudgetReport:
    """Makes the report public; the first publication's date is what timeliness counts."""
    _check(user, rules.PUBLISH, report)
    if report.published_at is None:
        report.published_at = when or timezone.now()
        if report.first_published_at is None:
            report.first_published_at = report.published_at
        report.save(update_fields=["published_at", "first_published_at", "updated_at"])
        page_cache_invalidate()
    return report


@transaction.atomic
def budget_report_unpublish(*, report: BudgetReport, user) -> BudgetReport:
    """Hides the report from the public; its first publication's date stays, for timeliness."""
    _check(user, rules.PUBLISH, report)
    if report.published_at is not None:
        report.published_at = None
        report.save(update_fields=["published_at", "updated_at"])
        page_cache_invalidate()
    return report


@transaction.atomic
def budget_report_update(*, report: BudgetReport, user, notes: str, decision_document) -> None:
    _check(user, rules.EDIT, report)
    report.notes = notes
    report.decision_document = decision_document
    report.full_clean()
    report.save(update_fields=["notes", "decision_document", "updated_at"])
    if report.is_published:
        page_cache_invalidate()


@dataclass
class StagedUpload:
    upload: PendingBudgetUpload
    parsed: ParsedReport


@transaction.atomic
def budget_upload_stage(
    *, municipality: Municipality, year: int, stage: str, data: bytes, file_name: str, user
) -> StagedUpload:
    """Reads the file and, when it has no error, keeps it for its uploader to confirm after the
    preview. Raises BudgetFileError (nothing kept) otherwise."""
    _check(user, rules.UPLOAD, municipality)
    parsed = budget_file_parse(data, stage=stage, file_name=file_name)
    PendingBudgetUpload.objects.filter(
        created_at__lt=timezone.now() - PENDING_UPLOAD_LIFETIME
    ).delete()
    upload = PendingBudgetUpload.objects.create(
        municipality=municipality,
        year=year,
        stage=stage,
        uploaded_by=user,
        file_name=file_name[:255],
        data=data,
    )
    return StagedUpload(upload=upload, parsed=parsed)


@transaction.atomic
def budget_upload_confirm(*, upload: PendingBudgetUpload, user) -> BudgetReportRevision:
    """Imports a previewed upload; only its uploader may, and only while they may upload."""
    if upload.uploaded_by_id != user.pk:
        raise PermissionDenied
    revision = budget_report_import(
        municipality=upload.municipality,
        year=upload.year,
        stage=upload.stage,
        data=bytes(upload.data),
        file_name=upload.file_name,
        user=user,
    )
    upload.delete()
    return revision


def budget_upload_discard(*, upload: PendingBudgetUpload, user) -> None:
    if upload.uploaded_by_id != user.pk:
        raise PermissionDenied
    upload.delete()
