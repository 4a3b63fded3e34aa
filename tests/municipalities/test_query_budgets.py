"""The municipalities' public pages answer in a bounded number of queries, whatever the number
of municipalities, reports and lines."""

import pytest

from municipalities.models import Municipality
from municipalities.services.registry import municipalities_import
from municipalities.services.reports import budget_report_import, budget_report_publish
from tests.municipalities.helpers import APPROVED_CSV, EXECUTION_CSV, REGISTRY_HEADER, registry
from tests.query_budget import assert_query_budget

pytestmark = pytest.mark.django_db

BUDGETS = [
    ("/az/municipalities/", 12),
    ("/en/municipalities/?kind=city&region=Şəki rayonu", 14),
    ("/en/municipalities/sheki/", 14),
    ("/ru/municipalities/sheki/budgets/2024/annual/", 16),
    ("/en/municipalities/sheki/budgets/2024/annual/csv/categories/", 11),
    ("/en/municipalities/sheki/budgets/2024/annual/csv/planned-executed/", 11),
    ("/en/municipalities/sheki/budgets/2024/annual/csv/years/", 11),
    ("/en/municipalities/compare/?year=2024&sort=execution_rate&order=desc", 14),
    ("/en/municipalities/scoreboard/?year=2024", 13),
]


def _publish(municipality, year, stage, csv):
    revision = budget_report_import(
        municipality=municipality, year=year, stage=stage, data=csv.encode(), user=None
    )
    budget_report_publish(report=revision.report, user=None)


def _more_data(count: int):
    """More municipalities, each with reports, and more years and lines for Şəki."""
    start = Municipality.objects.count()
    rows = "".join(
        f"extra-{start + n},Əlavə {start + n},Şəki rayonu,city,{1000 + n},2024,,,,\n"
        for n in range(count)
    )
    municipalities_import(data=f"{REGISTRY_HEADER}\n{rows}".encode())
    for municipality in Municipality.objects.in_source_language().filter(slug__startswith="extra-"):
        if not municipality.budget_reports.exists():
            _publish(municipality, 2024, "approved", APPROVED_CSV)
            _publish(municipality, 2024, "annual", EXECUTION_CSV)
    sheki = Municipality.objects.in_source_language().get(slug="sheki")
    for year in range(2019, 2019 + count):
        if not sheki.budget_reports.filter(year=year).exists():
            _publish(sheki, year, "annual", EXECUTION_CSV)


@pytest.mark.parametrize(("path", "budget"), BUDGETS)
def test_a_municipalities_page_stays_within_its_query_budget_as_the_data_grows(
    client, settings, site_structure, path, budget
):
    settings.PAGE_CACHE_SECONDS = 0
    sheki = registry()["sheki"]
    _publish(sheki, 2024, "approved", APPROVED_CSV)
    _publish(sheki, 2024, "annual", EXECUTION_CSV)
    _more_data(1)
    assert_query_budget(client, path, budget, grow=lambda: _more_data(4))
