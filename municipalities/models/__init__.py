"""Municipalities (registry.py), their budget reports with revisions and lines (budgets.py) and
the section's page (pages.py)."""

from municipalities.models.budgets import (
    TOTAL_FIELDS,
    BudgetLine,
    BudgetReport,
    BudgetReportRevision,
    PendingBudgetUpload,
)
from municipalities.models.pages import MunicipalityIndexPage
from municipalities.models.registry import Municipality

__all__ = [
    "TOTAL_FIELDS",
    "BudgetLine",
    "BudgetReport",
    "BudgetReportRevision",
    "Municipality",
    "MunicipalityIndexPage",
    "PendingBudgetUpload",
]
