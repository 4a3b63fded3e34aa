"""The public pages of municipalities: the registry, a municipality, a report's charts and
tables, the comparison and the scoreboard."""

import csv
import datetime
import io
import re

import pytest
from django.test import Client
from django.utils import timezone

from councils.models import CouncilPage
from municipalities.deadlines import deadlines_of, last_complete_year, legal_deadline
from municipalities.models import Municipality
from municipalities.services.reports import budget_report_import, budget_report_publish
from tests.councils.helpers import make_council
from tests.municipalities.helpers import APPROVED_CSV, EXECUTION_CSV, registry

pytestmark = pytest.mark.django_db


def publish(municipality, year, stage, csv, *, on=None):
    revision = budget_report_import(
        municipality=municipality, year=year, stage=stage, data=csv.encode(), user=None
    )
    when = timezone.make_aware(datetime.datetime.combine(on, datetime.time(12))) if on else None
    return budget_report_publish(report=revision.report, user=None, when=when)


@pytest.fixture
def sheki(site_structure):
    municipalities = registry()
    sheki = municipalities["sheki"]
    publish(sheki, 2024, "approved", APPROVED_CSV, on=datetime.date(2023, 12, 20))
    publish(sheki, 2024, "annual", EXECUTION_CSV, on=datetime.date(2025, 2, 24))
    publish(sheki, 2023, "annual", EXECUTION_CSV, on=datetime.date(2024, 2, 1))
    return sheki


def test_the_registry_lists_municipalities_in_the_language_and_filters_them_by_kind(sheki):
    html = _get(sheki, "/en/municipalities/")
    assert "Shaki municipality" in html and "Ilisu municipality" in html
    assert "latest budget report: 2024" in html
    villages = _get(sheki, "/en/municipalities/?kind=village&region=nonsense")
    assert "Ilisu municipality" in villages and "Shaki municipality" not in villages
    assert "not understood" in villages


def test_a_municipality_page_lists_its_published_reports_by_year(sheki):
    html = _get(sheki, "/en/municipalities/sheki/")
    assert "Shaki district" in html and "info@sheki.example.az" in html
    links = re.findall(r'href="/en/municipalities/sheki/budgets/(\d+)/(\w+)/"', html)
    assert links == [("2024", "approved"), ("2024", "annual"), ("2023", "annual")]
    assert "published 10 days late" in html


def test_an_unknown_municipality_or_report_is_not_found(sheki, client):
    assert client.get("/en/municipalities/nowhere/").status_code == 404
    assert client.get("/en/municipalities/sheki/budgets/2024/q3/").status_code == 404
    assert client.get("/en/municipalities/sheki/budgets/2024/nonsense/").status_code == 404


def test_a_report_page_has_charts_with_tables_of_the_same_numbers_and_the_downloads(sheki):
    html = _get(sheki, "/en/municipalities/sheki/budgets/2024/annual/")
    assert html.count("<svg") == 4  # revenue, expenditure, planned vs executed, by year
    assert "<style" not in html and " style=" not in html
    # The expenditure chart's education bar and its table row say the same 1,400 manat.
    assert "<title>Executed: 1,400</title>" in html
    assert re.search(r"<th scope=\"row\">Education</th><td class=\"number\">1,500.00</td>", html)
    assert "1,400.00" in html
    report_id = sheki.budget_reports.get(year=2024, stage="annual").pk
    assert f'href="/api/v1/budgets/{report_id}/?format=csv"' in html
    assert "Dövlət büdcəsindən dotasiya" in html


def test_a_draft_or_unpublished_report_is_not_shown(sheki, client):
    budget_report_import(
        municipality=sheki, year=2025, stage="draft", data=APPROVED_CSV.encode(), user=None
    )
    assert client.get("/en/municipalities/sheki/budgets/2025/draft/").status_code == 404
    assert "2025" not in _get(sheki, "/en/municipalities/sheki/")


REPORT = "/en/municipalities/sheki/budgets/2024/annual/"


def _csv_rows(path) -> list[dict]:
    response = Client().get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def _table(html, caption_id) -> list[list[str]]:
    """The body rows of the page's table with that caption, each cell's text."""
    table = html.split(f'<caption id="{caption_id}">')[1].split("</table>")[0]
    body = table.split("<tbody>")[1]
    return [
        [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", body)
    ]


def _as_written_in_csv(cell: str) -> str:
    """A cell of the English page as the download writes it: no thousands separators, and
    nothing where the page shows a dash."""
    return "" if cell == "—" else cell.replace(",", "")


# Each chart: its download, the captions of its tables on the page (with the value of the
# column the page says in the caption rather than in a cell), and the download's columns that
# the page shows as cells, in the page's order.
CHARTS = {
    "categories": (
        [("table-revenue", {"kind": "revenue"}), ("table-expenditure", {"kind": "expenditure"})],
        ["name", "planned", "revised", "executed"],
    ),
    "planned-executed": (
        [("table-execution", {})],
        ["name", "planned", "executed", "execution_rate"],
    ),
    "years": ([("table-yearly", {})], ["year", "revenue_executed", "expenditure_executed"]),
}


@pytest.mark.parametrize("chart", CHARTS)
def test_each_charts_download_has_exactly_the_rows_of_its_tables_on_the_page(sheki, chart):
    html = _get(sheki, REPORT)
    download = f"{REPORT}csv/{chart}/"
    assert f'href="{download}" download' in html
    captions, shown = CHARTS[chart]
    page_rows = [
        (given, [_as_written_in_csv(cell) for cell in cells])
        for caption_id, given in captions
        for cells in _table(html, caption_id)
    ]
    rows = _csv_rows(download)
    assert len(rows) == len(page_rows) > 1
    for row, (given, cells) in zip(rows, page_rows, strict=True):
        assert given.items() <= row.items()
        assert [row[column] for column in shown] == cells


def test_the_chart_downloads_write_plain_decimals_under_stable_english_columns(sheki):
    categories = _csv_rows(f"{REPORT}csv/categories/")
    assert list(categories[0]) == ["kind", "category", "name", "planned", "revised", "executed"]
    assert {"name": "Education", "planned": "1500.00", "executed": "1400.00"}.items() <= (
        categories[2].items()
    )
    execution = _csv_rows(f"{REPORT}csv/planned-executed/")
    # Street lighting: 450.25 of 500 executed, the 90.1 % the table shows.
    assert execution[1]["execution_rate"] == "90.1"
    years = _csv_rows(f"{REPORT}csv/years/")
    assert list(years[0]) == ["year", "revenue_executed", "expenditure_executed"]
    assert [row["year"] for row in years] == ["2023", "2024"]
    # On the page, an earlier year's heading leads to that year's report.
    assert '<th scope="row"><a href="/en/municipalities/sheki/budgets/2023/annual/">2023</a>' in (
        _get(sheki, REPORT)
    )


def test_an_approved_budget_has_no_planned_against_executed_download(sheki, client):
    html = _get(sheki, "/en/municipalities/sheki/budgets/2024/approved/")
    assert "csv/planned-executed/" not in html and "csv/categories/" in html
    address = "/en/municipalities/sheki/budgets/2024/approved/csv/planned-executed/"
    assert client.get(address).status_code == 404
    rows = _csv_rows("/en/municipalities/sheki/budgets/2024/approved/csv/years/")
    assert rows == [
        {"year": "2024", "revenue_planned": "1200.00", "expenditure_planned": "1500.00"}
    ]


@pytest.mark.parametrize("download", ["csv/categories/", "csv/planned-executed/", "csv/years/"])
def test_a_chart_download_of_an_unpublished_or_unknown_report_is_not_found(sheki, client, download):
    budget_report_import(
        municipality=sheki, year=2025, stage="annual", data=EXECUTION_CSV.encode(), user=None
    )
    for report in (
        "sheki/budgets/2025/annual",
        "sheki/budgets/2024/q3",
        "nowhere/budgets/2024/annual",
    ):
        assert client.get(f"/en/municipalities/{report}/{download}").status_code == 404


def test_a_chart_download_is_served_from_the_page_cache_to_anonymous_visitors(
    sheki, client, settings
):
    settings.PAGE_CACHE_SECONDS = 60
    address = f"{REPORT}csv/categories/"
    assert client.get(address)["X-Page-Cache"] == "miss"
    second = client.get(address)
    assert second["X-Page-Cache"] == "hit" and second["Content-Type"].startswith("text/csv")


def test_the_comparison_sorts_by_the_chosen_column_on_the_server(sheki):
    ilisu_csv = "code,name,kind,planned,revised,executed\n1.1,Torpaq vergisi,revenue,100,,\n"
    ilisu_csv += "04.1,Məktəb,expenditure,5000,,\n"
    ilisu = Municipality.objects.in_source_language().get(slug="ilisu")
    publish(ilisu, 2024, "approved", ilisu_csv)
    ascending = _get(sheki, "/en/municipalities/compare/?year=2024&sort=per_resident&order=asc")
    names = re.findall(r'<th scope="row"><a href="/en/municipalities/(\w+)/"', ascending)
    # Şəki spends 1,850.25 on 68,400 residents, İlisu 5,000 on 2,500.
    assert names == ["sheki", "ilisu"]
    descending = _get(sheki, "/en/municipalities/compare/?year=2024&sort=per_resident&order=desc")
    assert re.findall(r'<th scope="row"><a href="/en/municipalities/(\w+)/"', descending) == [
        "ilisu",
        "sheki",
    ]
    # Şəki's own revenue (the land tax) is 1,150.50 of 2,050.50 executed: 56.1 %; its
    # expenditure executed 1,850.25 of 2,000 planned: 92.5 %.
    assert "56.1" in ascending and "92.5" in ascending


def test_the_scoreboard_shows_what_was_published_how_late_and_what_is_missing(sheki):
    html = _get(sheki, "/en/municipalities/scoreboard/?year=2024")
    sheki_row = html.split('href="/en/municipalities/sheki/"')[1].split("</tr>")[0]
    assert "on time" in sheki_row  # the approved budget
    assert "10 days late" in sheki_row  # the annual execution
    assert "missing" in sheki_row  # the draft and the quarters
    assert "3 / 6" not in sheki_row and "2 / 6" in sheki_row


def test_the_scoreboard_states_the_deadlines_it_counts_by(sheki):
    with_dates = _get(sheki, "/en/municipalities/scoreboard/?year=2024")
    # The approved budget of 2024: 3 working days after Wednesday 20 December 2023.
    assert legal_deadline(2024, "approved") == datetime.date(2023, 12, 25)
    for item in deadlines_of(2024):
        assert f'{item.label}: <time datetime="{item.deadline:%Y-%m-%d}">' in with_dates
    assert "Dec. 25, 2023" in with_dates and "Feb. 14, 2025" in with_dates
    assert "15 November" not in with_dates and "1 May" not in with_dates


def test_the_comparison_and_scoreboard_open_on_the_last_complete_year_not_a_drafts(sheki):
    complete = last_complete_year(timezone.localdate())
    next_year = timezone.localdate().year + 1
    publish(sheki, complete, "approved", APPROVED_CSV)
    publish(sheki, next_year, "draft", APPROVED_CSV)
    for path in ("/en/municipalities/scoreboard/", "/en/municipalities/compare/"):
        html = _get(sheki, path)
        assert f'<option value="{complete}" selected>' in html
        assert f'<option value="{next_year}">' in html
    # Nobody published for the year after the last complete one: it can still be chosen, and
    # what was due is missing.
    nobody = complete + 1
    html = _get(sheki, f"/en/municipalities/scoreboard/?year={nobody}")
    assert f'<option value="{nobody}" selected>' in html
    sheki_row = html.split('href="/en/municipalities/sheki/"')[1].split("</tr>")[0]
    assert "missing" in sheki_row and "on time" not in sheki_row


def _get(_sheki, path):
    response = Client().get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_a_municipal_councils_page_links_to_its_municipalitys_page(client, site_structure):
    sheki = registry()["sheki"]
    council = make_council("Şəki Bələdiyyəsi yanında İctimai Şura", slug="seki-surasi")
    CouncilPage.objects.filter(pk=council.pk).update(
        kind="municipality", municipality_name=sheki.name
    )
    state_council = make_council("Ədliyyə Şurası", slug="edliyye-surasi")
    Municipality.objects.filter(pk=sheki.pk).update(public_council=council)

    html = client.get("/az/councils/seki-surasi/").content.decode()

    assert '<a href="/az/municipalities/sheki/">Şəki bələdiyyəsi</a>' in html
    assert (
        "/az/municipalities/"
        not in client.get(state_council.url).content.decode().split("<main")[-1].split("</dl>")[0]
    )
