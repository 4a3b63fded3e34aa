"""Reads of the action plan's data for pages, the API and other apps.

Page lookups are the page classes' own querysets (themes/models/pages.py); this module reads the
plan's data and its translated snippets only.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models import CharField as CharFieldType
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.models import Locale

from civic_platform.collation import collation_key
from themes.models.plan import (
    Body,
    ImportedValue,
    IndicatorSnapshot,
    Measure,
    MeasureBody,
    MeasureStatus,
    ProgressUpdate,
    ThematicArea,
)
from themes.registry import LinkedItems, indicators, links


def _today() -> datetime.date:
    return timezone.localdate()


def status_expression(
    *, measure: str = "pk", deadline_end: str = "deadline_end", today: datetime.date | None = None
):
    """A measure's status, derived from the deadline and published updates, as an expression.

    Completed: a published update says the measure is complete. Overdue: the deadline year
    has passed without that. In progress: published updates exist. Not started: none yet.
    `measure` and `deadline_end` lead from the queried model to the measure (pages use
    "measure_id" and "measure__deadline_end").
    """
    year = (today or _today()).year
    published = ProgressUpdate.objects.filter(measure=OuterRef(measure), live=True)
    return Case(
        When(Exists(published.filter(completes_measure=True)), then=Value(MeasureStatus.COMPLETED)),
        When(**{f"{deadline_end}__lt": year}, then=Value(MeasureStatus.OVERDUE)),
        When(Exists(published), then=Value(MeasureStatus.IN_PROGRESS)),
        default=Value(MeasureStatus.NOT_STARTED),
        output_field=CharFieldType(),
    )


def report_count_expression(*, measure: str = "pk"):
    """How many progress reports are published for the measure, as an expression; a report
    translated into several languages counts once."""
    published = (
        ProgressUpdate.objects.filter(measure=OuterRef(measure), live=True)
        .order_by()
        .values("measure")
        .annotate(n=Count("translation_key", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(published), 0)


def measures_with_status(queryset=None, *, today: datetime.date | None = None):
    """Measures annotated with their derived `status` (see status_expression)."""
    queryset = Measure.objects.all() if queryset is None else queryset
    return queryset.annotate(status=status_expression(today=today))


def measure_status(measure: Measure, *, today: datetime.date | None = None) -> str:
    return measures_with_status(Measure.objects.filter(pk=measure.pk), today=today).get().status


# How deep groups of bodies nest in the plan ("central and local executive authorities" includes
# "central executive authorities", which includes the ministries).
GROUP_DEPTH = 3


def acting_for(slug: str, *, path: str = "") -> Q:
    """Bodies that act for the body with this slug: itself and the groups that include it,
    as a condition on `path` (e.g. "body_roles__body__")."""
    condition = Q(**{f"{path}slug": slug})
    for depth in range(1, GROUP_DEPTH + 1):
        condition |= Q(**{f"{path}{'members__' * depth}slug": slug})
    return condition


def filter_measures(queryset, *, body: str = "", status: str = ""):
    """The filters the plan's FilterSet applies by method.

    A body's measures include those it carries through a group that includes it.
    """
    if body:
        queryset = queryset.filter(acting_for(body, path="body_roles__body__")).distinct()
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def published_progress_updates(measure, *, locale_id: int | None):
    """The measure's published updates, each once, in the given language where translated.

    An update written in one language and not yet translated is shown as written.
    """
    rows = (
        ProgressUpdate.objects.filter(measure=measure, live=True)
        .select_related("locale")
        .prefetch_related("evidence_links", "evidence_documents__document")
        .order_by("-date", "-pk")
    )
    chosen: dict = {}
    for update in rows:
        current = chosen.get(update.translation_key)
        if current is None or _preference(update, locale_id) < _preference(current, locale_id):
            chosen[update.translation_key] = update
    return sorted(chosen.values(), key=lambda u: (u.date, u.pk), reverse=True)


def _preference(update, locale_id) -> int:
    if update.locale_id == locale_id:
        return 0
    if update.locale.language_code == settings.LANGUAGE_CODE:
        return 1
    return 2


def published_evidence_count(measure) -> int:
    """Links and documents of the measure's published updates, each update counted once."""
    source = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).first()
    updates = published_progress_updates(measure, locale_id=source.pk if source else None)
    return sum(len(u.evidence_links.all()) + len(u.evidence_documents.all()) for u in updates)


def source_bodies():
    """The bodies themselves: their Azerbaijani rows, which measures and aliases point at."""
    return Body.objects.filter(locale__language_code=settings.LANGUAGE_CODE)


def translated_body_name(*, locale_id: int | None, path: str = ""):
    """An expression: the body's name in the language, else its Azerbaijani name.

    `path` leads from the queried model to the body ("body__" from a measure's roles).
    """
    translated = Body.objects.filter(
        translation_key=OuterRef(f"{path}translation_key"), locale_id=locale_id
    ).values("name")[:1]
    return Coalesce(Subquery(translated), f"{path}name")


def body_names(*, locale_id: int | None) -> dict:
    """Body names in one language by translation key, in one query; fall back to the source."""
    rows = Body.objects.filter(
        Q(locale__language_code=settings.LANGUAGE_CODE) | Q(locale_id=locale_id)
    ).values_list("translation_key", "name", "locale_id")
    names: dict = {}
    for key, name, row_locale_id in rows:
        if row_locale_id == locale_id or key not in names:
            names[key] = name
    return names


@dataclass
class BodyRole:
    body: Body
    name: str
    written_as: str


def measure_bodies(measure: Measure, *, locale_id: int | None) -> dict[str, list[BodyRole]]:
    """The measure's bodies by role, each named in the language, in one query."""
    roles = {MeasureBody.Role.EXECUTOR: [], MeasureBody.Role.RECOMMENDED: []}
    for role in (
        measure.body_roles.select_related("body")
        .annotate(body_name=translated_body_name(locale_id=locale_id, path="body__"))
        .order_by("position")
    ):
        roles[role.role].append(
            BodyRole(body=role.body, name=role.body_name, written_as=role.written_as)
        )
    return {
        "executors": roles[MeasureBody.Role.EXECUTOR],
        "recommended": roles[MeasureBody.Role.RECOMMENDED],
    }


@dataclass
class IndicatorValue:
    key: str
    label: str
    method: str
    value: object
    unit: str
    computed_at: datetime.datetime


def indicator_values(measure: Measure) -> list[IndicatorValue]:
    """The last computed value of each indicator registered for the measure.

    Values are computed after the writes that change them (and by `refresh_indicators`), never
    while a page is read; an indicator not computed yet is left out.
    """
    snapshots = {s.indicator_key: s for s in IndicatorSnapshot.objects.filter(measure=measure)}
    values = []
    for indicator in indicators.for_measure(measure.code):
        snapshot = snapshots.get(indicator.key)
        if snapshot is None:
            continue
        value = snapshot.value
        values.append(
            IndicatorValue(
                key=indicator.key,
                label=str(indicator.label),
                method=str(indicator.method),
                value=int(value) if value == int(value) else value,
                unit=indicator.unit,
                computed_at=snapshot.computed_at,
            )
        )
    return values


def linked_items(measure: Measure, *, locale_id: int, language_code: str) -> LinkedItems:
    return links.items_for(measure, locale_id=locale_id, language_code=language_code)


def measure_detail(measure_id: int, *, locale_id: int, language_code: str) -> dict:
    """Everything a measure's page shows beyond its own words, in the language of the locale
    (`language_code` is that locale's code)."""
    measure = measures_with_status(Measure.objects.filter(pk=measure_id)).get()
    linked = linked_items(measure, locale_id=locale_id, language_code=language_code)
    return {
        "measure": measure,
        "status": measure.status,
        "status_label": MeasureStatus(measure.status).label,
        **measure_bodies(measure, locale_id=locale_id),
        "progress_updates": published_progress_updates(measure, locale_id=locale_id),
        "indicator_values": indicator_values(measure),
        "linked_items": linked.items,
        "failed_link_sources": linked.failed,
    }


def status_counts(queryset) -> dict[int, dict[str, int]]:
    """Measures per area and status, in one query: {area_id: {status: n}}."""
    counts = queryset.order_by().values("area_id", "status").annotate(n=Count("pk", distinct=True))
    by_area: dict[int, dict[str, int]] = {}
    for row in counts:
        by_area.setdefault(row["area_id"], {})[row["status"]] = row["n"]
    return by_area


def bodies_with_measure_counts(*, locale_id: int | None):
    """Every body, named in the language, with how many measures it carries out or is
    recommended."""
    return source_bodies().annotate(
        display_name=translated_body_name(locale_id=locale_id),
        executor_count=Count("measure_roles", filter=Q(measure_roles__role="executor")),
        recommended_count=Count("measure_roles", filter=Q(measure_roles__role="recommended")),
    )


def body_choices(*, locale_id: int | None) -> list[tuple[str, str]]:
    """(slug, name in the language) of every body a measure names, in one query, in the order
    of the language shown."""
    bodies = (
        source_bodies()
        .filter(measure_roles__isnull=False)
        .distinct()
        .annotate(display_name=translated_body_name(locale_id=locale_id))
        .values_list("slug", "display_name")
    )
    return sorted(bodies, key=lambda choice: collation_key(choice[1], get_language()))


def body_and_its_groups(slug: str, *, locale_id: int | None) -> tuple[Body | None, dict]:
    """The body with this slug and the groups that include it ({pk: group}), each named in the
    language, in one query (and one for the body's aliases)."""
    rows = (
        source_bodies()
        .filter(acting_for(slug))
        .distinct()
        .annotate(display_name=translated_body_name(locale_id=locale_id))
        .prefetch_related("aliases")
    )
    body, groups = None, {}
    for row in rows:
        if row.slug == slug:
            body = row
        else:
            groups[row.pk] = row
    return body, groups


def bodies_for_api():
    return (
        source_bodies()
        .order_by("slug")
        .prefetch_related(
            "aliases",
            Prefetch(
                "measure_roles",
                queryset=MeasureBody.objects.select_related("measure").order_by(
                    "measure__area__number", "measure__position"
                ),
            ),
        )
    )


def themes_with_measure_counts():
    return ThematicArea.objects.annotate(measure_count=Count("measures"))


def measures_for_api():
    return (
        measures_with_status()
        .select_related("area")
        .prefetch_related(
            Prefetch(
                "body_roles",
                queryset=MeasureBody.objects.select_related("body").order_by("position"),
            )
        )
    )


def bodies_in_use(bodies) -> list[Body]:
    """Those of the given bodies that a measure names (as executor or recommended body)."""
    used = set(
        MeasureBody.objects.filter(body__in=bodies).values_list("body_id", flat=True).distinct()
    )
    return [body for body in bodies if body.pk in used]


@dataclass
class PlanFileValue:
    field: str
    imported_at: datetime.datetime
    changed_since: bool


def plan_file_values(measure: Measure) -> list[PlanFileValue]:
    """What the last import wrote into this measure's fields, and whether each has been changed
    in the admin since (the next import keeps such a change)."""
    current = {
        "deadline": measure.deadline,
        "deadline_start": measure.deadline_start,
        "deadline_end": measure.deadline_end,
        "bodies": sorted(
            (role.role, role.body.slug, role.position, role.written_as)
            for role in measure.body_roles.select_related("body")
        ),
    }
    prefix = f"measure/{measure.code}/"
    return [
        PlanFileValue(
            field=imported.key.removeprefix(prefix),
            imported_at=imported.imported_at,
            changed_since=ImportedValue.digest_of(current[imported.key.removeprefix(prefix)])
            != imported.digest,
        )
        for imported in ImportedValue.objects.filter(key__startswith=prefix).order_by("key")
        if imported.key.removeprefix(prefix) in current
    ]
