"""What the municipalities' pages read: a report's sums by category, the registry in a
language."""

from decimal import Decimal

import pytest
from wagtail.models import Locale

from municipalities import selectors
from municipalities.services.reports import budget_report_import, budget_report_publish
from tests.municipalities.helpers import EXECUTION_CSV, registry

pytestmark = pytest.mark.django_db


def published(municipality, year, stage, data):
    revision = budget_report_import(
        municipality=municipality, year=year, stage=stage, data=data.encode(), user=None
    )
    return budget_report_publish(report=revision.report, user=None)


def test_a_reports_lines_add_up_by_category_largest_planned_first():
    report = published(registry()["sheki"], 2025, "annual", EXECUTION_CSV)
    grouped = selectors.category_sums(report)
    assert [(row.category, row.planned, row.executed) for row in grouped["revenue"]] == [
        ("local_taxes", Decimal("1200.00"), Decimal("1150.50")),
        ("transfers", Decimal("800.00"), Decimal("900.00")),
    ]
    assert [row.category for row in grouped["expenditure"]] == ["education", "housing"]


def test_the_registry_reads_in_the_language_with_the_azerbaijani_name_as_fallback():
    registry()
    english = Locale.objects.get(language_code="en")
    russian = Locale.objects.get(language_code="ru")
    assert [m.shown_name for m in selectors.municipalities_in_language(locale_id=english.pk)] == [
        "Ilisu municipality",
        "Shaki municipality",
    ]
    assert [m.shown_name for m in selectors.municipalities_in_language(locale_id=russian.pk)] == [
        "İlisu bələdiyyəsi",
        "Şəki bələdiyyəsi",
    ]
