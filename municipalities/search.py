"""Municipalities' searchable documents, registered with `search` in
MunicipalitiesConfig.ready(): each municipality, and each published budget report (found by
its municipality's name, year, stage and line names) in every language the section has a page
in. Changes are recorded by municipalities.services.publication."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from municipalities.choices import Stage
from municipalities.models import BudgetLine, BudgetReport, Municipality, MunicipalityIndexPage
from search.registry import DocumentType, SearchRecord, documents, facet_labels

MUNICIPALITY = "municipality"
BUDGET = "budget"


def _int_ids(object_ids) -> list[int]:
    return [int(object_id) for object_id in object_ids if str(object_id).isdigit()]


def _index_pages() -> dict[str, MunicipalityIndexPage]:
    return {
        page.locale.language_code: page
        for page in MunicipalityIndexPage.objects.live().public().select_related("locale")
    }


def _names(municipalities) -> dict[tuple, Municipality]:
    """Each municipality's row in each language, by (translation key, language)."""
    return {
        (row.translation_key, row.locale.language_code): row
        for row in Municipality.objects.filter(
            translation_key__in={m.translation_key for m in municipalities}
        ).select_related("locale")
    }


def municipality_records(object_ids):
    municipalities = list(
        Municipality.objects.in_source_language().filter(pk__in=_int_ids(object_ids))
    )
    rows = _names(municipalities)
    for language, page in _index_pages().items():
        for municipality in municipalities:
            shown = rows.get((municipality.translation_key, language), municipality)
            yield SearchRecord(
                object_id=str(municipality.pk),
                language=language,
                title=shown.name,
                body=shown.region,
                url=page.url + page.reverse_subpage("municipality", args=(municipality.slug,)),
                facets={"municipality": (municipality.slug,)},
            )


def budget_records(object_ids):
    reports = list(
        BudgetReport.objects.published()
        .filter(pk__in=_int_ids(object_ids))
        .select_related("municipality")
    )
    rows = _names([report.municipality for report in reports])
    line_names: dict[int, list[str]] = {}
    for report_id, name in BudgetLine.objects.filter(
        revision__report__in=reports, revision__is_current=True
    ).values_list("revision__report_id", "name"):
        line_names.setdefault(report_id, []).append(name)
    for language, page in _index_pages().items():
        for report in reports:
            municipality = report.municipality
            shown = rows.get((municipality.translation_key, language), municipality)
            with override(language):
                stage = str(report.get_stage_display())
            yield SearchRecord(
                object_id=str(report.pk),
                language=language,
                title=f"{shown.name}: {stage} {report.year}",
                body="\n".join([shown.region, *line_names.get(report.pk, [])]),
                url=page.url
                + page.reverse_subpage(
                    "report", args=(municipality.slug, report.year, report.stage)
                ),
                date=report.published_at.date(),
                facets={
                    "municipality": (municipality.slug,),
                    "year": (str(report.year),),
                    "status": (report.stage,),
                },
            )


def register_search_documents() -> None:
    facet_labels.register("status", dict(Stage.choices))
    documents.register(
        DocumentType(
            key=MUNICIPALITY,
            label=_("Municipality"),
            model=Municipality,
            records=municipality_records,
            all_object_ids=lambda: Municipality.objects.in_source_language().values_list(
                "pk", flat=True
            ),
        )
    )
    documents.register(
        DocumentType(
            key=BUDGET,
            label=_("Budget report"),
            model=BudgetReport,
            records=budget_records,
            all_object_ids=lambda: BudgetReport.objects.published().values_list("pk", flat=True),
        )
    )
