"""A visitor finds a municipality's budget report and reads it as charts, tables and downloads.

The admin upload with its preview is built on another branch; until it is merged, the report
is uploaded and published here through the same services that upload view calls.
"""

import re

import pytest
from playwright.sync_api import expect

from municipalities.services.reports import budget_report_import, budget_report_publish
from tests.municipalities.helpers import APPROVED_CSV, EXECUTION_CSV, registry

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_site")]


def test_a_visitor_reads_a_published_report_as_charts_a_table_and_a_csv_download(page):
    sheki = registry()["sheki"]
    for year, stage, csv in [
        (2023, "annual", EXECUTION_CSV),
        (2024, "approved", APPROVED_CSV),
        (2024, "annual", EXECUTION_CSV),
    ]:
        revision = budget_report_import(
            municipality=sheki, year=year, stage=stage, data=csv.encode(), user=None
        )
        budget_report_publish(report=revision.report, user=None)
    page.set_viewport_size({"width": 375, "height": 800})

    page.goto("/en/municipalities/")
    page.get_by_role("link", name="Shaki municipality").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Shaki municipality")
    page.get_by_role("link", name="Annual execution").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Shaki municipality: Annual execution 2024"
    )
    # Four charts, each named by its caption, and each followed by its table.
    for caption in [
        "Revenue by source, manat",
        "Expenditure by function, manat",
        "Expenditure by function: planned and executed, manat",
    ]:
        expect(page.get_by_role("img", name=caption)).to_be_visible()
        expect(page.get_by_role("table", name=caption)).to_be_visible()
    expect(
        page.get_by_role("img", name=re.compile("Revenue and expenditure in each year"))
    ).to_be_visible()
    education = page.get_by_role("table", name="Expenditure by function, manat").get_by_role(
        "row", name=re.compile("Education")
    )
    expect(education).to_contain_text("1,500.00")
    expect(education).to_contain_text("1,400.00")
    expect(page.get_by_role("table", name=re.compile("lines of the report"))).to_contain_text(
        "Küçələrin işıqlandırılması"
    )
    download = page.get_by_role("link", name="Download the lines (CSV)")
    report_id = sheki.budget_reports.get(year=2024, stage="annual").pk
    expect(download).to_have_attribute("href", f"/api/v1/budgets/{report_id}/?format=csv")
    # Nothing on the page is wider than the phone: wide tables scroll in their own box.
    widths = page.evaluate("({page: document.documentElement.scrollWidth, w: window.innerWidth})")
    assert widths["page"] <= widths["w"], widths
