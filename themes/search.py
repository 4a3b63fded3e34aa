"""The plan's searchable documents: thematic areas, measures and bodies, registered with
`search` in ThemesConfig.ready(). Each is found in every language it is published in."""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from search.registry import Dependency, DocumentType, SearchRecord, documents, facet_labels
from search.services import search_objects_changed
from themes.models import (
    AreaPage,
    Body,
    BodyAlias,
    Measure,
    MeasureBody,
    MeasurePage,
    MeasureStatus,
    PlanPage,
    ProgressUpdate,
    ThematicArea,
)
from themes.selectors import measures_with_status

AREA = "area"
MEASURE = "measure"
BODY = "body"


def _published_date(page):
    moment = page.last_published_at or page.first_published_at
    return moment.date() if moment else None


def _int_ids(object_ids) -> list[int]:
    return [int(object_id) for object_id in object_ids if str(object_id).isdigit()]


# --- Measures ---------------------------------------------------------------------------------


def _body_names_by_measure(measure_ids) -> tuple[dict, dict]:
    """For each measure: the slugs of its bodies, and their names in each language."""
    roles = list(
        MeasureBody.objects.filter(measure_id__in=measure_ids).values_list(
            "measure_id", "body__slug", "body__translation_key"
        )
    )
    names: dict[tuple, str] = {
        (key, language): name
        for key, language, name in Body.objects.filter(
            translation_key__in={key for _, _, key in roles}
        ).values_list("translation_key", "locale__language_code", "name")
    }
    slugs: dict[int, list[str]] = {}
    keys: dict[int, list] = {}
    for measure_id, slug, key in roles:
        slugs.setdefault(measure_id, []).append(slug)
        keys.setdefault(measure_id, []).append(key)
    return slugs, {"keys": keys, "names": names}


def measure_records(object_ids):
    ids = _int_ids(object_ids)
    measures = {
        measure.pk: measure
        for measure in measures_with_status(Measure.objects.filter(pk__in=ids)).select_related(
            "area"
        )
    }
    slugs, bodies = _body_names_by_measure(ids)
    pages = MeasurePage.objects.visible().filter(measure_id__in=ids).select_related("locale")
    for page in pages:
        measure = measures.get(page.measure_id)
        if measure is None:
            continue
        language = page.locale.language_code
        body_names = [
            bodies["names"].get((key, language), "")
            for key in bodies["keys"].get(page.measure_id, [])
        ]
        yield SearchRecord(
            object_id=str(measure.pk),
            language=language,
            title=page.title,
            body="\n".join(
                part
                for part in (page.text, page.indicator, strip_tags(page.body), *body_names)
                if part
            ),
            url=page.get_url() or "",
            date=_published_date(page),
            facets={
                "area": (str(measure.area.number),),
                "measure": (measure.code,),
                "body": tuple(sorted(set(slugs.get(measure.pk, [])))),
                "year": tuple(
                    str(year) for year in range(measure.deadline_start, measure.deadline_end + 1)
                ),
                "status": (measure.status,),
            },
        )


def _measures_of_areas(area_pages):
    return Measure.objects.filter(area_id__in={page.area_id for page in area_pages}).values_list(
        "pk", flat=True
    )


def _measures_naming_bodies(bodies):
    return MeasureBody.objects.filter(
        body__translation_key__in={body.translation_key for body in bodies}
    ).values_list("measure_id", flat=True)


def _all_measures(_instances):
    return Measure.objects.values_list("pk", flat=True)


# --- Areas ------------------------------------------------------------------------------------


def area_records(object_ids):
    pages = (
        AreaPage.objects.visible()
        .filter(area_id__in=_int_ids(object_ids))
        .select_related("area", "locale")
    )
    for page in pages:
        yield SearchRecord(
            object_id=str(page.area_id),
            language=page.locale.language_code,
            title=page.title,
            body=page.search_description or "",
            url=page.get_url() or "",
            date=_published_date(page),
            facets={"area": (str(page.area.number),)},
        )


# --- Bodies -----------------------------------------------------------------------------------


def body_records(object_ids):
    bodies = Body.objects.filter(pk__in=_int_ids(object_ids)).select_related("locale")
    plan_pages = {
        page.locale.language_code: page
        for page in PlanPage.objects.live().public().select_related("locale")
    }
    aliases: dict[int, list[str]] = {}
    for body_id, text in BodyAlias.objects.filter(body__in=bodies).values_list("body_id", "text"):
        aliases.setdefault(body_id, []).append(text)
    for body in bodies:
        language = body.locale.language_code
        plan_page = plan_pages.get(language)
        if plan_page is None:
            continue
        yield SearchRecord(
            object_id=str(body.pk),
            language=language,
            title=body.name,
            body="\n".join(aliases.get(body.pk, [])),
            url=PlanPage.body_url(plan_page, body.slug),
            facets={"body": (body.slug,)},
        )


def register_search_documents() -> None:
    facet_labels.register("status", dict(MeasureStatus.choices))
    documents.register(
        DocumentType(
            key=MEASURE,
            label=_("Measure"),
            model=Measure,
            records=measure_records,
            all_object_ids=lambda: Measure.objects.values_list("pk", flat=True),
            dependencies=(
                Dependency(MeasurePage, lambda pages: [page.measure_id for page in pages]),
                Dependency(AreaPage, _measures_of_areas),
                Dependency(PlanPage, _all_measures),
                Dependency(Body, _measures_naming_bodies),
                Dependency(ProgressUpdate, lambda updates: [u.measure_id for u in updates]),
            ),
            page_models=(MeasurePage,),
        )
    )
    documents.register(
        DocumentType(
            key=AREA,
            label=_("Thematic area"),
            model=ThematicArea,
            records=area_records,
            all_object_ids=lambda: ThematicArea.objects.values_list("pk", flat=True),
            dependencies=(
                Dependency(AreaPage, lambda pages: [page.area_id for page in pages]),
                Dependency(
                    PlanPage, lambda _pages: ThematicArea.objects.values_list("pk", flat=True)
                ),
            ),
            page_models=(AreaPage,),
        )
    )
    documents.register(
        DocumentType(
            key=BODY,
            label=_("Body"),
            model=Body,
            records=body_records,
            all_object_ids=lambda: Body.objects.values_list("pk", flat=True),
            dependencies=(
                Dependency(PlanPage, lambda _pages: Body.objects.values_list("pk", flat=True)),
            ),
        )
    )


def plan_search_documents_changed() -> None:
    """After an import: every area, measure and body may have changed."""
    search_objects_changed(
        doc_type=AREA, object_ids=ThematicArea.objects.values_list("pk", flat=True)
    )
    search_objects_changed(
        doc_type=MEASURE, object_ids=Measure.objects.values_list("pk", flat=True)
    )
    search_objects_changed(doc_type=BODY, object_ids=Body.objects.values_list("pk", flat=True))
