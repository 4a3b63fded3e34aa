"""A budget report as a Fiscal Data Package: a Frictionless Data Package whose one resource is
the report's CSV (its lines), described by a Table Schema, with the fiscal `model` saying which
columns are amounts (measures, in manat) and which classify them (dimensions).

The CSV starts with a byte-order mark, for spreadsheet programs; the resource's encoding is the
IANA name `utf-8`, whose decoders may drop the mark (RFC 3629), as Frictionless readers do.
"""

from django.utils import timezone

from municipalities.choices import Category, LineKind, Stage

LINE_COLUMNS = ("code", "name", "kind", "category", "planned", "revised", "executed")
CURRENCY = "AZN"
MEASURES = ("planned", "revised", "executed")


def _phases(stage: str) -> dict[str, str]:
    """The Fiscal Data Package's phase of each amount: a draft's plan is proposed, any later
    stage's plan approved; revisions adjust it, and execution is what was spent or received."""
    planned = "proposed" if stage == Stage.DRAFT else "approved"
    return {"planned": planned, "revised": "adjusted", "executed": "executed"}


def _fields() -> list[dict]:
    return [
        {
            "name": "code",
            "type": "string",
            "title": "Classification code",
            "constraints": {"required": True, "unique": True},
        },
        {"name": "name", "type": "string", "title": "Name", "constraints": {"required": True}},
        {
            "name": "kind",
            "type": "string",
            "title": "Revenue or expenditure",
            "constraints": {"required": True, "enum": list(LineKind.values)},
        },
        {
            "name": "category",
            "type": "string",
            "title": "Source of revenue or function of expenditure",
            "constraints": {"required": True, "enum": list(Category.values)},
        },
        {
            "name": "planned",
            "type": "number",
            "title": "Planned (manat)",
            "constraints": {"required": True, "minimum": 0},
        },
        {
            "name": "revised",
            "type": "number",
            "title": "Revised (manat)",
            "constraints": {"minimum": 0},
        },
        {
            "name": "executed",
            "type": "number",
            "title": "Executed (manat)",
            "constraints": {"minimum": 0},
        },
    ]


def fiscal_data_package(report, *, csv_url: str, csv_name: str) -> dict:
    """The descriptor of a published report (from `selectors.reports_published`: with
    `municipality`, `municipality_name` in the active language and `current`)."""
    municipality = report.municipality
    # A Data Package name is lowercase; a slug typed in the admin may hold capitals.
    name = f"budget-{municipality.slug}-{report.year}-{report.stage}".lower()
    title = f"{report.municipality_name}: {report.year}, {Stage(report.stage).label}"
    published = timezone.localtime(report.published_at)
    return {
        "profile": "fiscal-data-package",
        "name": name,
        "title": str(title),
        "description": (
            f"Budget report of {municipality.slug} for {report.year}, stage {report.stage}, "
            f"revision {report.current.number}."
        ),
        "version": str(report.current.number),
        "created": published.isoformat(),
        "countryCode": "AZ",
        "fiscalPeriod": {"start": f"{report.year}-01-01", "end": f"{report.year}-12-31"},
        "keywords": ["municipal budget", "Azerbaijan", municipality.slug, report.stage],
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "resources": [
            {
                "name": name,
                "path": csv_url,
                "title": csv_name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "doubleQuote": True, "header": True},
                "schema": {"fields": _fields(), "primaryKey": ["code"]},
            }
        ],
        "model": {
            "measures": {
                measure: {
                    "source": measure,
                    "currency": CURRENCY,
                    "phase": phase,
                    "resource": name,
                }
                for measure, phase in _phases(report.stage).items()
            },
            "dimensions": {
                "classification": {
                    "dimensionType": "classification",
                    "attributes": {
                        "code": {"source": "code", "resource": name},
                        "name": {"source": "name", "labelfor": "code", "resource": name},
                    },
                    "primaryKey": ["code"],
                },
                "direction": {
                    "dimensionType": "classification",
                    "classificationType": "economic",
                    "attributes": {"kind": {"source": "kind", "resource": name}},
                    "primaryKey": ["kind"],
                },
                "category": {
                    "dimensionType": "classification",
                    "classificationType": "functional",
                    "attributes": {"category": {"source": "category", "resource": name}},
                    "primaryKey": ["category"],
                },
            },
        },
    }
