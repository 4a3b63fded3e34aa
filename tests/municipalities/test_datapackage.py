"""A budget report's Fiscal Data Package, checked as a reuser's tools check it: frictionless
reads the descriptor the API serves and the CSV it points at, the descriptor must be a valid
Tabular Data Package and every row of the CSV must conform to the resource's Table Schema; the
fiscal parts (`model`, `fiscalPeriod`, `countryCode`) must satisfy the Fiscal Data Package's
requirements and name only columns the CSV has.

The Fiscal Data Package's own profile is a JSON Schema frictionless downloads from
specs.frictionlessdata.io, out of reach in the tests: frictionless checks the package as the
Tabular Data Package the fiscal profile extends, and FISCAL_REQUIREMENTS states what the fiscal
profile adds (written from the specification, https://specs.frictionlessdata.io/fiscal-data-package/).
"""

import copy
import csv
import io
import json
from decimal import Decimal

import frictionless
import jsonschema
import pytest

from municipalities.models import Municipality
from municipalities.services.reports import budget_report_import, budget_report_publish
from tests.municipalities.helpers import HEADER, registry

pytestmark = pytest.mark.django_db

NAME = {"type": "string", "pattern": "^[-a-z0-9._/]+$"}
DATE = {"type": "string", "pattern": r"^\d{4}-(0?[1-9]|1[012])-(0?[1-9]|[12]\d|3[01])"}
TEXT = {"type": "string"}
MEASURE = {
    "type": "object",
    "required": ["source", "currency"],
    "properties": {
        "source": TEXT,
        "resource": TEXT,
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
        "factor": {"type": "number"},
        "direction": {"enum": ["expenditure", "revenue"]},
        "phase": {"enum": ["proposed", "approved", "adjusted", "executed"]},
    },
}
ATTRIBUTE = {
    "type": "object",
    "required": ["source"],
    "properties": {"source": TEXT, "resource": TEXT, "parent": TEXT, "labelfor": TEXT},
}
DIMENSION = {
    "type": "object",
    "required": ["attributes", "primaryKey"],
    "properties": {
        "attributes": {"type": "object", "minProperties": 1, "additionalProperties": ATTRIBUTE},
        "primaryKey": {
            "oneOf": [TEXT, {"type": "array", "minItems": 1, "items": TEXT}],
        },
        "dimensionType": {
            "enum": [
                "datetime",
                "entity",
                "classification",
                "activity",
                "fact",
                "location",
                "other",
            ]
        },
        "classificationType": {"enum": ["functional", "administrative", "economic"]},
    },
}
FISCAL_REQUIREMENTS = {
    "type": "object",
    "required": ["profile", "name", "title", "resources", "model"],
    "properties": {
        "profile": {"const": "fiscal-data-package"},
        "name": NAME,
        "title": {"type": "string", "minLength": 1},
        "keywords": {"type": "array", "minItems": 1, "items": TEXT},
        "licenses": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "anyOf": [{"required": ["name"]}, {"required": ["path"]}],
                "properties": {"name": {"type": "string", "pattern": "^[-a-zA-Z0-9._]+$"}},
            },
        },
        "countryCode": {"type": "string", "pattern": "^[A-Z]{2}$"},
        "fiscalPeriod": {
            "type": "object",
            "required": ["start"],
            "properties": {"start": DATE, "end": DATE},
        },
        "resources": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name", "path", "schema", "profile"],
                "properties": {
                    "name": NAME,
                    "profile": {"const": "tabular-data-resource"},
                    "schema": {"type": "object", "required": ["fields"]},
                    "dialect": {"type": "object", "required": ["delimiter", "doubleQuote"]},
                },
            },
        },
        "model": {
            "type": "object",
            "required": ["measures", "dimensions"],
            "properties": {
                "measures": {
                    "type": "object",
                    "minProperties": 1,
                    "additionalProperties": MEASURE,
                },
                "dimensions": {
                    "type": "object",
                    "minProperties": 1,
                    "additionalProperties": DIMENSION,
                },
            },
        },
    },
}

# Amounts written as municipalities write them (see the README's template).
DRAFT_CSV = (
    f"{HEADER}\n"
    "1.1.1,Fiziki şəxslərdən torpaq vergisi,revenue,1 200,,\n"
    '3.1,"Dotasiya, dövlət büdcəsindən",revenue,"800,50",,\n'
    "04.1,Məktəbəqədər təhsil,expenditure,1500,,\n"
)
ANNUAL_CSV = (
    f"{HEADER}\n"
    "1.1.1,Fiziki şəxslərdən torpaq vergisi,revenue,1 200,1 250.75,1 150.50\n"
    "3.1,Dövlət büdcəsindən dotasiya,revenue,800.00,900,900\n"
    "04.1,Məktəbəqədər təhsil,expenditure,1500,1450,1400\n"
    "08.2,Küçələrin işıqlandırılması,expenditure,500,520.10,450.25\n"
)


def published_report(municipality, year, stage, data):
    revision = budget_report_import(
        municipality=municipality, year=year, stage=stage, data=data.encode(), user=None
    )
    return budget_report_publish(report=revision.report, user=None)


@pytest.fixture
def reports():
    municipalities = registry()
    return {
        "draft": published_report(municipalities["ilisu"], 2026, "draft", DRAFT_CSV),
        "annual": published_report(municipalities["sheki"], 2025, "annual", ANNUAL_CSV),
    }


def served(client, report, query: str = "") -> tuple[dict, bytes]:
    """The descriptor the API serves, and the CSV its resource points at."""
    response = client.get(f"/api/v1/budgets/{report.pk}/datapackage.json{query}")
    assert response.status_code == 200
    descriptor = response.json()
    (resource,) = descriptor["resources"]
    csv_response = client.get(resource["path"].removeprefix("http://testserver"))
    assert csv_response.status_code == 200
    return descriptor, b"".join(csv_response.streaming_content)


def downloaded(descriptor: dict, data: bytes, folder):
    """The package as a reuser who downloaded both files has it: the resource's path is the
    local CSV. The fiscal profile is checked by fiscal_errors (frictionless would download
    it); frictionless checks what it extends, a Tabular Data Package."""
    local = copy.deepcopy(descriptor)
    local["profile"] = "tabular-data-package"
    local["resources"][0]["path"] = "lines.csv"
    (folder / "lines.csv").write_bytes(data)
    (folder / "datapackage.json").write_text(json.dumps(local), encoding="utf-8")
    return folder / "datapackage.json"


def frictionless_errors(descriptor: dict, data: bytes, folder) -> list[str]:
    """What frictionless finds wrong with the package and with any row of its data."""
    report = frictionless.validate(str(downloaded(descriptor, data, folder)))
    errors = [*report.errors, *(error for task in report.tasks for error in task.errors)]
    return [f"{error.type}: {error.message}" for error in errors]


def fiscal_errors(descriptor: dict) -> list[str]:
    """What breaks the Fiscal Data Package's requirements, including its model naming a column
    the resource does not have."""
    validator = jsonschema.Draft202012Validator(FISCAL_REQUIREMENTS)
    errors = [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(descriptor)
    ]
    if errors:
        return errors
    resources = {resource["name"]: resource for resource in descriptor["resources"]}
    (only,) = resources
    model = descriptor["model"]

    def field(mapping: dict, where: str) -> dict | None:
        resource = resources.get(mapping.get("resource", only))
        if resource is None:
            errors.append(f"{where}: no resource {mapping['resource']!r}")
            return None
        fields = {field["name"]: field for field in resource["schema"]["fields"]}
        if mapping["source"] not in fields:
            errors.append(f"{where}: no column {mapping['source']!r} in {resource['name']!r}")
            return None
        return fields[mapping["source"]]

    for key, measure in model["measures"].items():
        found = field(measure, f"model/measures/{key}")
        if found is not None and found["type"] not in ("number", "integer"):
            errors.append(f"model/measures/{key}: column {found['name']!r} is not numeric")
    for key, dimension in model["dimensions"].items():
        attributes = dimension["attributes"]
        for name, attribute in attributes.items():
            field(attribute, f"model/dimensions/{key}/attributes/{name}")
            for reference in ("labelfor", "parent"):
                if attribute.get(reference, name) not in attributes:
                    errors.append(f"model/dimensions/{key}/attributes/{name}/{reference}")
        primary_key = dimension["primaryKey"]
        for name in [primary_key] if isinstance(primary_key, str) else primary_key:
            if name not in attributes:
                errors.append(f"model/dimensions/{key}/primaryKey: no attribute {name!r}")
    period = descriptor.get("fiscalPeriod")
    if period and period.get("end") and period["end"] < period["start"]:
        errors.append("fiscalPeriod: ends before it starts")
    return errors


def consumer_errors(descriptor: dict, data: bytes, folder) -> list[str]:
    return fiscal_errors(descriptor) + frictionless_errors(descriptor, data, folder)


def rows_read(descriptor: dict, data: bytes, folder) -> list[dict]:
    """The CSV's rows as frictionless types them by the descriptor's schema."""
    package = frictionless.Package(str(downloaded(descriptor, data, folder)))
    return [dict(row) for row in package.resources[0].read_rows()]


@pytest.mark.parametrize("stage", ["draft", "annual"])
def test_a_reports_package_and_its_csv_pass_a_reusers_validation(client, reports, stage, tmp_path):
    descriptor, data = served(client, reports[stage])
    assert consumer_errors(descriptor, data, tmp_path) == []


def test_a_draft_without_revisions_or_execution_reads_as_empty_amounts(client, reports, tmp_path):
    descriptor, data = served(client, reports["draft"])
    rows = rows_read(descriptor, data, tmp_path)
    assert [(row["code"], row["planned"], row["revised"], row["executed"]) for row in rows] == [
        ("1.1.1", Decimal("1200"), None, None),
        ("3.1", Decimal("800.5"), None, None),
        ("04.1", Decimal("1500"), None, None),
    ]
    assert rows[1]["name"] == "Dotasiya, dövlət büdcəsindən"
    assert {key: m["phase"] for key, m in descriptor["model"]["measures"].items()} == {
        "planned": "proposed",
        "revised": "adjusted",
        "executed": "executed",
    }


def test_an_annual_report_reads_back_every_amount_it_was_uploaded_with(client, reports, tmp_path):
    descriptor, data = served(client, reports["annual"])
    rows = rows_read(descriptor, data, tmp_path)
    assert [
        (row["code"], row["kind"], row["category"], row["planned"], row["revised"], row["executed"])
        for row in rows
    ] == [
        ("1.1.1", "revenue", "local_taxes", Decimal("1200"), Decimal("1250.75"), Decimal("1150.5")),
        ("3.1", "revenue", "transfers", Decimal("800"), Decimal("900"), Decimal("900")),
        ("04.1", "expenditure", "education", Decimal("1500"), Decimal("1450"), Decimal("1400")),
        ("08.2", "expenditure", "housing", Decimal("500"), Decimal("520.1"), Decimal("450.25")),
    ]
    assert descriptor["fiscalPeriod"] == {"start": "2025-01-01", "end": "2025-12-31"}
    assert descriptor["countryCode"] == "AZ"


def test_the_model_gives_amounts_in_manat_classified_by_code_kind_and_category(client, reports):
    descriptor, _ = served(client, reports["annual"])
    model = descriptor["model"]
    assert {key: (m["source"], m["currency"]) for key, m in model["measures"].items()} == {
        "planned": ("planned", "AZN"),
        "revised": ("revised", "AZN"),
        "executed": ("executed", "AZN"),
    }
    sources = {
        attribute["source"]
        for dimension in model["dimensions"].values()
        for attribute in dimension["attributes"].values()
    }
    assert sources == {"code", "name", "kind", "category"}


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("az", "Şəki bələdiyyəsi: 2025, İllik icra"),
        ("en", "Shaki municipality: 2025, Annual execution"),
        # No Russian name in the registry: the Azerbaijani one stands in.
        ("ru", "Şəki bələdiyyəsi: 2025, Годовое исполнение"),
    ],
)
def test_the_package_is_titled_in_the_language_asked_for_and_stays_valid(
    client, reports, language, title, tmp_path
):
    descriptor, data = served(client, reports["annual"], f"?lang={language}")
    assert descriptor["title"] == title
    assert consumer_errors(descriptor, data, tmp_path) == []
    default, _ = served(client, reports["annual"])
    # What programs rely on is the same whatever the language.
    for key in ("name", "resources", "model", "fiscalPeriod"):
        assert descriptor[key] == default[key]


def test_the_language_is_asked_for_in_the_address_so_a_cached_package_fits_everyone(
    client, reports
):
    address = f"/api/v1/budgets/{reports['annual'].pk}/datapackage.json"
    english_browser = client.get(address, HTTP_ACCEPT_LANGUAGE="en").json()
    assert english_browser["title"] == "Şəki bələdiyyəsi: 2025, İllik icra"
    refused = client.get(f"{address}?lang=fr")
    assert refused.status_code == 400
    assert "lang" in refused.json()


def test_a_municipality_whose_slug_has_capitals_still_gets_a_valid_package_name(
    client, reports, tmp_path
):
    Municipality.objects.filter(slug="sheki").update(slug="Sheki_Merkez")
    descriptor, data = served(client, reports["annual"])
    assert descriptor["name"] == "budget-sheki_merkez-2025-annual"
    assert consumer_errors(descriptor, data, tmp_path) == []


def _rename_in_csv(descriptor, data):
    text = data.decode("utf-8-sig").replace("executed", "spent", 1)
    return descriptor, text.encode()


def _rename_in_model(descriptor, data):
    descriptor["model"]["measures"]["executed"]["source"] = "spent"
    return descriptor, data


def _amount_as_words(descriptor, data):
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    rows[1][rows[0].index("planned")] = "a lot"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return descriptor, out.getvalue().encode()


def _duplicate_code(descriptor, data):
    lines = data.decode("utf-8-sig").splitlines(keepends=True)
    return descriptor, "".join([*lines, lines[1]]).encode()


def _currency_unnamed(descriptor, data):
    del descriptor["model"]["measures"]["planned"]["currency"]
    return descriptor, data


def _name_with_capitals(descriptor, data):
    descriptor["name"] = descriptor["name"].upper()
    return descriptor, data


def _dimension_key_not_an_attribute(descriptor, data):
    descriptor["model"]["dimensions"]["classification"]["primaryKey"] = ["label"]
    return descriptor, data


@pytest.mark.parametrize(
    ("breakage", "named"),
    [
        (_rename_in_csv, "spent"),
        (_rename_in_model, "spent"),
        (_amount_as_words, "planned"),
        (_duplicate_code, "primary-key"),
        (_currency_unnamed, "currency"),
        (_name_with_capitals, "name"),
        (_dimension_key_not_an_attribute, "label"),
    ],
)
def test_the_validation_catches_a_package_that_does_not_describe_its_data(
    client, reports, breakage, named, tmp_path
):
    descriptor, data = served(client, reports["annual"])
    broken = breakage(copy.deepcopy(descriptor), data)
    errors = consumer_errors(*broken, tmp_path)
    assert any(named in error for error in errors), errors
