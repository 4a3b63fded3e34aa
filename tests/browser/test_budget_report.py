"""A municipality's editor uploads a budget report in the admin, checks the preview and
publishes it; a visitor then finds it and reads it as charts, tables and downloads."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from playwright.sync_api import expect

from municipalities.services.reports import budget_report_import, budget_report_publish
from tests.browser.test_moderation import sign_in
from tests.municipalities.helpers import APPROVED_CSV, EXECUTION_CSV, registry, user_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_site")]


def test_an_uploaded_report_is_read_as_charts_a_table_and_a_csv_download(
    browser, live_server, page, tmp_path
):
    sheki = registry()["sheki"]
    # The years before, for the chart that compares years.
    for year, stage, csv in [(2023, "annual", EXECUTION_CSV), (2024, "approved", APPROVED_CSV)]:
        revision = budget_report_import(
            municipality=sheki, year=year, stage=stage, data=csv.encode(), user=None
        )
        budget_report_publish(report=revision.report, user=None)
    editor = user_in(sheki.editor_group)
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)
    upload_file = tmp_path / "icra-2024.csv"
    upload_file.write_text(EXECUTION_CSV, encoding="utf-8")

    admin = sign_in(browser, live_server, editor, secret)
    admin.goto("/admin/municipalities/budgets/")
    admin.get_by_role("link", name="Upload a budget report").click()
    admin.get_by_label("Municipality").select_option(label=sheki.name)
    admin.get_by_label("Budget year").fill("2024")
    admin.get_by_label("Stage").select_option("annual")
    admin.get_by_label("CSV or XLSX file").set_input_files(upload_file)
    admin.get_by_role("button", name="Check the file").click()
    # The preview: the totals and the rows, nothing saved yet.
    expect(admin.get_by_text("icra-2024.csv: 4 lines")).to_be_visible()
    expect(admin.locator(".budget-preview-lines")).to_contain_text("Məktəbəqədər təhsil")
    assert not sheki.budget_reports.filter(year=2024, stage="annual").exists()
    admin.get_by_role("button", name="Save the report").click()
    admin.goto("/admin/municipalities/budgets/")
    row = admin.get_by_role("row", name=f"{sheki.name} 2024 Annual execution")
    row.get_by_role("button", name="Publish").click()
    expect(row).to_contain_text("Published")
    admin.context.close()

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
    # Each download opens and holds what the page shows.
    lines = page.request.get(download.get_attribute("href"))
    assert lines.ok and "Küçələrin işıqlandırılması" in lines.text()
    planned_executed = page.request.get(
        page.locator("a", has_text="Download as CSV")
        .filter(has_text="planned and executed")
        .get_attribute("href")
    )
    assert planned_executed.ok
    assert "1500.00,1400.00" in planned_executed.text().replace('"', "")
    package = page.request.get(
        page.get_by_role("link", name="Data package (Fiscal Data Package)").get_attribute("href")
    ).json()
    assert "Shaki municipality" in package["title"]
    assert package["resources"][0]["path"].endswith(f"/api/v1/budgets/{report_id}/?format=csv")
    # Nothing on the page is wider than the phone: wide tables scroll in their own box.
    widths = page.evaluate("({page: document.documentElement.scrollWidth, w: window.innerWidth})")
    assert widths["page"] <= widths["w"], widths
