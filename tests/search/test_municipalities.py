"""Budget reports and municipalities are found by search once published, in every language."""

import pytest

from municipalities.models import Municipality
from municipalities.services.reports import (
    budget_report_import,
    budget_report_publish,
    budget_report_unpublish,
)
from search.selectors import search
from search.services import search_drain
from tests.municipalities.helpers import EXECUTION_CSV, registry
from tests.search.conftest import refresh

pytestmark = pytest.mark.django_db


SHEKI_2024 = "/sheki/budgets/2024/annual/"


def _found(query, language, doc_type):
    return [
        (hit.title, hit.url)
        for hit in search(query=query, language=language, doc_types=[doc_type]).hits
    ]


def test_a_published_budget_report_is_found_by_a_line_name_until_it_is_withdrawn(
    backend, site_structure
):
    sheki = registry()["sheki"]
    report = budget_report_import(
        municipality=sheki, year=2024, stage="annual", data=EXECUTION_CSV.encode(), user=None
    ).report
    search_drain()
    refresh()
    # Only this report is asked about: other tests' demo municipalities may be indexed too.
    assert not [url for _, url in _found("işıqlandırılması", "az", "budget") if SHEKI_2024 in url]

    budget_report_publish(report=report, user=None)
    search_drain()
    refresh()
    assert (
        "Shaki municipality: Annual execution 2024",
        "/en/municipalities/sheki/budgets/2024/annual/",
    ) in _found("işıqlandırılması", "en", "budget")
    assert ("Şəki bələdiyyəsi", "/az/municipalities/sheki/") in _found("Şəki", "az", "municipality")

    budget_report_unpublish(report=report, user=None)
    search_drain()
    refresh()
    assert not [url for _, url in _found("işıqlandırılması", "en", "budget") if SHEKI_2024 in url]


def test_a_municipality_renamed_in_one_language_is_found_by_its_new_name_with_its_reports(
    backend, site_structure
):
    sheki = registry()["sheki"]
    report = budget_report_import(
        municipality=sheki, year=2024, stage="annual", data=EXECUTION_CSV.encode(), user=None
    ).report
    budget_report_publish(report=report, user=None)
    search_drain()

    english = Municipality.objects.get(
        translation_key=sheki.translation_key, locale__language_code="en"
    )
    english.name = "Sheki city municipality"
    english.save()
    search_drain()
    refresh()

    assert ("Sheki city municipality", "/en/municipalities/sheki/") in _found(
        "Sheki city", "en", "municipality"
    )
    assert (
        "Sheki city municipality: Annual execution 2024",
        "/en/municipalities/sheki/budgets/2024/annual/",
    ) in _found("işıqlandırılması", "en", "budget")
