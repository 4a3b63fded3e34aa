"""Budget reports: one per municipality, year and stage, each a series of revisions (a corrected
upload is a new revision; the earlier ones stay), each revision its lines and stored totals.

The report points at the municipality's Azerbaijani row. The public sees a report while it has a
`published_at` (withdrawing it clears that); its timeliness is `first_published_at`, set once at
its first publication and kept through a withdrawal, against the stored `deadline`, which
`municipalities.deadlines.legal_deadline` gives for its year and stage.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic_platform.accounts.authorship import author_field
from municipalities.choices import Category, LineKind, Stage
from municipalities.models.registry import Municipality, year_validators

AMOUNT = {"max_digits": 16, "decimal_places": 2}
CODE_MAX_LENGTH = 30
NAME_MAX_LENGTH = 255
# The amounts a revision stores, summed over its lines by kind: pages and the API read these.
TOTAL_FIELDS = tuple(
    f"{kind}_{amount}"
    for kind in ("revenue", "expenditure")
    for amount in ("planned", "revised", "executed")
)


class BudgetReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)


class BudgetReport(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="budget_reports",
        verbose_name=_("municipality"),
        limit_choices_to={"locale__language_code": settings.LANGUAGE_CODE},
    )
    year = models.PositiveSmallIntegerField(_("budget year"), validators=year_validators)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    notes = models.TextField(_("notes"), blank=True, max_length=5000)
    decision_document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed decision"),
        help_text=_("The municipal council's signed decision, as a PDF."),
    )
    # The consultation opened on this draft (municipalities.services.consultations), in
    # Azerbaijani; its translations are found by its translation key.
    consultation = models.ForeignKey(
        "consultations.ConsultationPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("consultation"),
    )
    deadline = models.DateField(_("legal deadline"), editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    # A withdrawn report published again stays as late as it first was (README, "Budget reports").
    first_published_at = models.DateTimeField(
        _("first published at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = BudgetReportQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "municipality__slug", "stage", "pk"]
        verbose_name = _("budget report")
        verbose_name_plural = _("budget reports")
        # Site-wide: upload and publish for every municipality (rules.py); a municipality's
        # own editors get it through their municipality instead.
        permissions = [("publish_budgetreport", "Can publish budget reports")]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "stage"],
                name="one_budget_report_per_municipality_year_stage",
                violation_error_message=_(
                    "This municipality already has a report of this stage for this year."
                ),
            )
        ]
        indexes = [models.Index(fields=["year", "stage"], name="budget_report_year_stage")]

    def __str__(self) -> str:
        return f"{self.municipality} {self.year}: {self.get_stage_display()}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def days_late(self) -> int | None:
        """Days after the deadline it was first published (0 on time); None while unpublished."""
        if self.published_at is None or self.first_published_at is None:
            return None
        published_on = timezone.localdate(self.first_published_at)
        return max((published_on - self.deadline).days, 0)


class BudgetReportRevision(models.Model):
    report = models.ForeignKey(
        BudgetReport,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("budget report"),
    )
    number = models.PositiveIntegerField(_("revision number"))
    is_current = models.BooleanField(_("current"), default=True)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    created_by = author_field(verbose_name=_("uploaded by"))
    source_name = models.CharField(_("file name"), max_length=255, blank=True)
    line_count = models.PositiveIntegerField(_("lines"), default=0)
    # Sums of the lines, stored at import so no page or API answer adds them up. A revised or
    # executed total is null when no line of that kind has the amount.
    revenue_planned = models.DecimalField(_("revenue planned"), default=0, **AMOUNT)
    revenue_revised = models.DecimalField(_("revenue revised"), null=True, **AMOUNT)
    revenue_executed = models.DecimalField(_("revenue executed"), null=True, **AMOUNT)
    expenditure_planned = models.DecimalField(_("expenditure planned"), default=0, **AMOUNT)
    expenditure_revised = models.DecimalField(_("expenditure revised"), null=True, **AMOUNT)
    expenditure_executed = models.DecimalField(_("expenditure executed"), null=True, **AMOUNT)

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("budget report revision")
        verbose_name_plural = _("budget report revisions")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="budget_revision_number_unique"
            ),
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(is_current=True),
                name="one_current_budget_revision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} #{self.number}"

    @property
    def totals(self) -> dict:
        """{"revenue": {"planned", "revised", "executed"}, "expenditure": {...}}."""
        return {
            kind: {
                amount: getattr(self, f"{kind}_{amount}")
                for amount in ("planned", "revised", "executed")
            }
            for kind in ("revenue", "expenditure")
        }


class BudgetLine(models.Model):
    revision = models.ForeignKey(
        BudgetReportRevision,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("revision"),
    )
    # The row's order in the uploaded file.
    position = models.PositiveIntegerField(_("position"))
    code = models.CharField(_("classification code"), max_length=CODE_MAX_LENGTH)
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    kind = models.CharField(_("kind"), max_length=20, choices=LineKind.choices)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    planned = models.DecimalField(_("planned"), **AMOUNT)
    revised = models.DecimalField(_("revised"), null=True, blank=True, **AMOUNT)
    executed = models.DecimalField(_("executed"), null=True, blank=True, **AMOUNT)

    class Meta:
        ordering = ["revision", "position"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(fields=["revision", "code"], name="budget_line_code_unique"),
        ]
        indexes = [
            models.Index(fields=["revision", "position"], name="budget_line_order"),
            models.Index(fields=["revision", "kind", "category"], name="budget_line_category"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class PendingBudgetUpload(models.Model):
    """A file uploaded in the admin and shown as a preview, kept until its uploader confirms
    it (then imported and deleted) or it grows old (then deleted by the next upload)."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="+", verbose_name=_("municipality")
    )
    year = models.PositiveSmallIntegerField(_("budget year"), validators=year_validators)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    file_name = models.CharField(_("file name"), max_length=255)
    data = models.BinaryField(_("file"))
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("pending budget upload")
        verbose_name_plural = _("pending budget uploads")

    def __str__(self) -> str:
        return self.file_name
