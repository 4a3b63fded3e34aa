"""The open data of municipalities and budget reports: what a reuser gets, that unpublished
reports stay out, the CSV of a report's lines, its Fiscal Data Package descriptor, and query
budgets that do not grow with the data."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.utils import translation

from municipalities.services.reports import budget_report_import, budget_report_publish
from tests.municipalities.helpers import APPROVED_CSV, EXECUTION_CSV, registry
from tests.query_budget import assert_query_budget

pytestmark = pytest.mark.django_db

TABLE_SCHEMA_TYPES = {
    "string",
    "number",
    "integer",
    "boolean",
    "object",
    "array",
    "date",
    "time",
    "datetime",
    "year",
    "yearmonth",
    "duration",
    "geopoint",
    "geojson",
    "any",
}
ON_TIME = datetime.datetime(2026, 2, 10, 12, tzinfo=datetime.UTC)
LATE = datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC)
NAME_PATTERN = re.compile(r"^[a-z0-9._-]+$")


def report(municipality, year, stage, data, *, publish=True, when=None):
    revision = budget_report_import(
        municipality=municipality, year=year, stage=stage, data=data.encode(), user=None
    )
    if publish:
        budget_report_publish(report=revision.report, user=None, when=when)
    return revision.report


@pytest.fixture
def published():
    municipalities = registry()
    sheki, ilisu = municipalities["sheki"], municipalities["ilisu"]
    return {
        "annual": report(sheki, 2025, "annual", EXECUTION_CSV, when=ON_TIME),
        # Due on 24 December 2025, published on 10 January 2026.
        "approved": report(ilisu, 2026, "approved", APPROVED_CSV, when=LATE),
        "hidden": report(sheki, 2026, "approved", APPROVED_CSV, publish=False),
    }


def test_the_municipalities_list_gives_the_registry_in_the_language_asked_for(client, published):
    body = client.get("/api/v1/municipalities/?lang=en").json()
    assert body["count"] == 2
    sheki = body["results"][1]
    assert {key: sheki[key] for key in ("slug", "name", "region", "kind", "population")} == {
        "slug": "sheki",
        "name": "Shaki municipality",
        "region": "Shaki district",
        "kind": "city",
        "population": 68400,
    }
    assert sheki["latest_report_year"] == 2025
    assert sheki["api_url"].endswith("/api/v1/municipalities/sheki/")
    azerbaijani = client.get("/api/v1/municipalities/sheki/").json()
    assert azerbaijani["name"] == "Şəki bələdiyyəsi"
    assert [(r["year"], r["stage"]) for r in azerbaijani["reports"]] == [(2025, "annual")]


def test_the_budgets_list_has_published_reports_only_with_their_totals(client, published):
    body = client.get("/api/v1/budgets/").json()
    assert [(r["municipality"], r["year"], r["stage"]) for r in body["results"]] == [
        ("ilisu", 2026, "approved"),
        ("sheki", 2025, "annual"),
    ]
    annual = body["results"][1]
    assert annual["totals"] == {
        "revenue": {"planned": 2000.0, "revised": 900.0, "executed": 2050.5},
        "expenditure": {"planned": 2000.0, "revised": None, "executed": 1850.25},
    }
    assert (annual["deadline"], annual["days_late"], annual["revision"]) == ("2026-02-14", 0, 1)
    assert (body["results"][0]["deadline"], body["results"][0]["days_late"]) == ("2025-12-24", 17)
    hidden = published["hidden"].pk
    assert client.get(f"/api/v1/budgets/{hidden}/").status_code == 404
    assert client.get(f"/api/v1/budgets/{hidden}/datapackage.json").status_code == 404


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("municipality=sheki", [("sheki", 2025, "annual")]),
        ("year=2026", [("ilisu", 2026, "approved")]),
        ("stage=annual&year=2025", [("sheki", 2025, "annual")]),
        ("municipality=nowhere", []),
    ],
)
def test_the_budgets_list_filters_by_municipality_year_and_stage(client, published, query, found):
    body = client.get(f"/api/v1/budgets/?{query}").json()
    assert [(r["municipality"], r["year"], r["stage"]) for r in body["results"]] == found


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("year=1900", "year"), ("year=20x5", "year"), ("stage=final", "stage"), ("stage=", "stage")],
)
def test_a_nonsense_filter_is_a_400_naming_the_parameter(client, published, query, parameter):
    response = client.get(f"/api/v1/budgets/?{query}")
    assert response.status_code == 400
    assert parameter in response.json()


def test_a_report_gives_its_lines_and_totals(client, published):
    body = client.get(f"/api/v1/budgets/{published['annual'].pk}/").json()
    assert body["lines"][0] == {
        "code": "1.1.1",
        "name": "Fiziki şəxslərdən torpaq vergisi",
        "kind": "revenue",
        "category": "local_taxes",
        "planned": 1200.0,
        "revised": None,
        "executed": 1150.5,
    }
    assert [line["code"] for line in body["lines"]] == ["1.1.1", "3.1", "04.1", "08.2"]
    assert body["totals"]["expenditure"]["executed"] == 1850.25


def test_a_reports_csv_is_streamed_with_one_row_per_line(client, published):
    response = client.get(f"/api/v1/budgets/{published['annual'].pk}/?format=csv")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Disposition"] == (
        'attachment; filename="budget-sheki-2025-annual.csv"'
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["code", "name", "kind", "category", "planned", "revised", "executed"]
    assert [(row["code"], row["planned"], row["executed"]) for row in rows] == [
        ("1.1.1", "1200.00", "1150.50"),
        ("3.1", "800.00", "900.00"),
        ("04.1", "1500.00", "1400.00"),
        ("08.2", "500.00", "450.25"),
    ]
    assert rows[0]["revised"] == ""


def test_the_budgets_list_as_csv_has_a_column_per_total(client, published):
    response = client.get("/api/v1/budgets/?format=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(row["municipality"], row["revenue_executed"]) for row in rows] == [
        ("ilisu", ""),
        ("sheki", "2050.50"),
    ]


def test_the_datapackage_is_a_fiscal_data_package_describing_the_reports_csv(client, published):
    annual = published["annual"]
    package = client.get(f"/api/v1/budgets/{annual.pk}/datapackage.json").json()
    # Data Package: a name, resources each with a name and a path.
    assert package["profile"] == "fiscal-data-package"
    assert NAME_PATTERN.match(package["name"])
    (resource,) = package["resources"]
    assert NAME_PATTERN.match(resource["name"])
    assert resource["path"] == f"http://testserver/api/v1/budgets/{annual.pk}/?format=csv"
    # Table Schema: typed fields, and a primary key among them.
    fields = resource["schema"]["fields"]
    assert all(field["type"] in TABLE_SCHEMA_TYPES for field in fields)
    field_names = [field["name"] for field in fields]
    assert set(resource["schema"]["primaryKey"]) <= set(field_names)
    # The schema describes the CSV the path gives, column for column.
    csv_response = client.get(resource["path"].removeprefix("http://testserver"))
    header = b"".join(csv_response.streaming_content).decode("utf-8-sig").splitlines()[0]
    assert header.split(",") == field_names
    # The fiscal model: measures in manat and dimensions, each from a column of the resource.
    model = package["model"]
    assert set(model["measures"]) == {"planned", "revised", "executed"}
    for measure in model["measures"].values():
        assert measure["source"] in field_names
        assert measure["currency"] == "AZN"
    assert {key: measure["phase"] for key, measure in model["measures"].items()} == {
        "planned": "approved",
        "revised": "adjusted",
        "executed": "executed",
    }
    assert resource["encoding"] == "utf-8"
    for dimension in model["dimensions"].values():
        attributes = dimension["attributes"]
        assert all(attribute["source"] in field_names for attribute in attributes.values())
        assert set(dimension["primaryKey"]) <= set(attributes)
        for attribute in attributes.values():
            assert attribute.get("labelfor", next(iter(attributes))) in attributes
    assert package["fiscalPeriod"] == {"start": "2025-01-01", "end": "2025-12-31"}


@pytest.mark.parametrize(
    ("path", "budget"),
    [
        ("/api/v1/municipalities/", 3),
        ("/api/v1/municipalities/?format=csv", 2),
        ("/api/v1/municipalities/sheki/", 3),
        ("/api/v1/budgets/", 3),
        ("/api/v1/budgets/?format=csv", 2),
        ("/api/v1/budgets/?municipality=sheki&year=2025", 3),
    ],
)
def test_the_municipal_api_stays_within_its_query_budget_as_reports_grow(
    client, settings, published, path, budget
):
    settings.PAGE_CACHE_SECONDS = 0
    municipalities = registry()

    def grow():
        for year in (2022, 2023, 2024):
            for municipality in municipalities.values():
                report(municipality, year, "approved", APPROVED_CSV)
                report(municipality, year, "annual", EXECUTION_CSV)

    with translation.override("en"):
        assert_query_budget(client, path, budget, grow=grow)


def test_a_reports_address_and_its_datapackage_stay_within_their_query_budget(
    client, settings, published
):
    settings.PAGE_CACHE_SECONDS = 0
    annual = published["annual"]
    bigger = EXECUTION_CSV + "".join(f"9.{n},Digər {n},revenue,{n},,{n}\n" for n in range(1, 200))
    municipality = annual.municipality

    def grow():
        budget_report_import(
            municipality=municipality, year=2025, stage="annual", data=bigger.encode(), user=None
        )

    # A corrected upload with 200 more lines: the same queries.
    for path, budget in (
        (f"/api/v1/budgets/{annual.pk}/", 3),
        (f"/api/v1/budgets/{annual.pk}/?format=csv", 2),
        (f"/api/v1/budgets/{annual.pk}/datapackage.json", 3),
    ):
        assert_query_budget(client, path, budget, grow=grow)
    assert Decimal(
        str(client.get(f"/api/v1/budgets/{annual.pk}/").json()["totals"]["revenue"]["planned"])
    ) == Decimal("2000") + sum(Decimal(n) for n in range(1, 200))
