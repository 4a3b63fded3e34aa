"""Writes to the action plan: the import of the plan file, progress, indicator values."""

import logging
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale
from wagtail.search import index

from civic_platform.notifications.services import event_record
from civic_platform.page_cache import page_cache_invalidate
from civic_platform.services import locales_ensure
from civic_platform.worker import next_time_of_day_after
from themes.models import (
    MEASURE_CODE_PATTERN,
    AreaPage,
    Body,
    BodyAlias,
    ImportedValue,
    IndicatorSnapshot,
    Measure,
    MeasureBody,
    MeasurePage,
    PlanPage,
    ProgressUpdate,
    ThematicArea,
    measure_short_title,
)
from themes.notifications import PROGRESS_UPDATE_PUBLISHED
from themes.registry import indicators
from themes.search import plan_search_documents_changed

logger = logging.getLogger(__name__)

ACTION_PLAN_FILE = Path(__file__).resolve().parent / "data" / "action_plan.yaml"
LANGUAGES = tuple(code for code, _ in settings.LANGUAGES)
BODY_KINDS = set(Body.Kind.values)


class ActionPlanError(ValueError):
    """The plan file cannot be imported; the message names the entry at fault."""


def normalise_body_name(text: str) -> str:
    """The form names are matched on: Azerbaijani-aware lower case, single spaces, no quotes.

    Python's lower() maps "I" to "i", but in Azerbaijani "I" is the capital of "ı" and "İ" of
    "i"; the plan writes both "Iqtisadiyyat" and "İqtisadiyyat", so both are folded to "i".
    """
    text = unicodedata.normalize("NFC", text).replace("İ", "i").replace("I", "i")
    text = text.lower().replace("ı", "i")
    text = re.sub(r"[“”\"«»]", "", text)
    return re.sub(r"\s+", " ", text).strip(" .,;")


# --- Validation ------------------------------------------------------------------------------


def _require_text(entry: dict, key: str, where: str) -> None:
    value = entry.get(key)
    if not isinstance(value, dict):
        raise ActionPlanError(f"{where}: '{key}' must give the text in az, en and ru.")
    for language in LANGUAGES:
        if not isinstance(value.get(language), str) or not value[language].strip():
            raise ActionPlanError(f"{where}: '{key}' has no {language} text.")


def _require_names(entry: dict, key: str, where: str) -> None:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ActionPlanError(f"{where}: '{key}' must be a list of body names.")


def validate_action_plan(data) -> None:
    """Check the whole file before anything is written, naming the first entry at fault."""
    if not isinstance(data, dict) or not isinstance(data.get("areas"), list):
        raise ActionPlanError("The file must have 'areas' (a list) and 'bodies' (a list).")
    if not isinstance(data.get("bodies"), list):
        raise ActionPlanError("The file must have 'bodies' (a list).")
    aliases: dict[str, str] = {}
    keys: set[str] = set()
    for position, body in enumerate(data["bodies"], start=1):
        where = f"body {position} ({body.get('key', '?') if isinstance(body, dict) else '?'})"
        if not isinstance(body, dict) or not isinstance(body.get("key"), str):
            raise ActionPlanError(f"{where}: needs a 'key'.")
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", body["key"]) or len(body["key"]) > 80:
            raise ActionPlanError(f"{where}: 'key' must be lower-case words joined by hyphens.")
        if body["key"] in keys:
            raise ActionPlanError(f"{where}: the key '{body['key']}' is used twice.")
        keys.add(body["key"])
        _require_text(body, "name", where)
        if body.get("kind", "other") not in BODY_KINDS:
            raise ActionPlanError(f"{where}: unknown kind '{body.get('kind')}'.")
        _require_names(body, "aliases", where)
        for alias in [*body.get("aliases", []), body["name"]["az"]]:
            normalised = normalise_body_name(alias)
            owner = aliases.setdefault(normalised, body["key"])
            if owner != body["key"]:
                raise ActionPlanError(
                    f"{where}: the name '{alias}' is also an alias of body '{owner}'."
                )

    for body in data["bodies"]:
        where = f"body {body['key']}"
        _require_names(body, "includes", where)
        for included in body.get("includes", []):
            if included not in keys or included == body["key"]:
                raise ActionPlanError(
                    f"{where}: 'includes' names '{included}', which is not another body's key."
                )

    numbers: set[int] = set()
    codes: set[str] = set()
    for area in data["areas"]:
        number = area.get("number") if isinstance(area, dict) else None
        where = f"area {number}"
        if not isinstance(number, int) or number < 1 or number in numbers:
            raise ActionPlanError(f"{where}: 'number' must be a positive whole number, once.")
        numbers.add(number)
        _require_text(area, "title", where)
        if not isinstance(area.get("measures"), list) or not area["measures"]:
            raise ActionPlanError(f"{where}: has no measures.")
        for measure in area["measures"]:
            code = measure.get("code") if isinstance(measure, dict) else None
            where = f"measure {code}"
            if not isinstance(code, str) or not MEASURE_CODE_PATTERN.match(code):
                raise ActionPlanError(f"{where} in area {number}: 'code' must look like '5.5'.")
            if code.split(".")[0] != str(number):
                raise ActionPlanError(f"{where}: its code does not belong to area {number}.")
            if code in codes:
                raise ActionPlanError(f"{where}: the code appears twice.")
            codes.add(code)
            _require_text(measure, "title", where)
            _require_text(measure, "indicator", where)
            _require_names(measure, "executors", where)
            _require_names(measure, "recommended_to", where)
            if not isinstance(measure.get("deadline"), str | int):
                raise ActionPlanError(f"{where}: 'deadline' is missing.")
            start, end = measure.get("deadline_start"), measure.get("deadline_end")
            if not all(isinstance(y, int) and 2000 <= y <= 2100 for y in (start, end)):
                raise ActionPlanError(
                    f"{where}: 'deadline_start' and 'deadline_end' must be years."
                )
            if end < start:
                raise ActionPlanError(f"{where}: the deadline ends before it starts.")
            for key in ("executors", "recommended_to"):
                for name in measure.get(key, []):
                    if normalise_body_name(name) not in aliases:
                        raise ActionPlanError(
                            f"{where}: '{name}' in '{key}' is not a name or alias of any body."
                        )


def load_action_plan(path: Path = ACTION_PLAN_FILE) -> dict:
    try:
        with Path(path).open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError as error:
        raise ActionPlanError(f"No plan file at {path}.") from error
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ActionPlanError(f"{path} is not valid UTF-8 YAML: {error}") from error


# --- Import ----------------------------------------------------------------------------------


@dataclass
class ImportReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    # "5.5 en indicator": an editor changed the field since the last import; their text stays.
    kept: list[str] = field(default_factory=list)
    # "5.4 en: ...": a page the import left alone because an editor's draft or review is open.
    skipped: list[str] = field(default_factory=list)

    def count(self, kind: str, outcome: str) -> None:
        bucket = getattr(self, outcome)
        bucket[kind] = bucket.get(kind, 0) + 1


_digest = ImportedValue.digest_of


class _FieldMemory:
    """What the import last wrote into each field it owns (ImportedValue rows).

    A field whose current value is what the import last wrote may be updated from the file; any
    other value is an editor's, and is kept. With no memory of a field (an installation older
    than this rule), a value that differs from the file is taken to be an editor's too.
    """

    def __init__(self, report: ImportReport):
        self.report = report
        self.last = dict(ImportedValue.objects.values_list("key", "digest"))
        self.written: dict[str, str] = {}

    def remember(self, key: str, value) -> None:
        digest = _digest(value)
        if self.last.get(key) != digest:
            self.written[key] = digest

    def merge(self, instance, values: dict, *, key: str, label: str) -> list[str]:
        """Set the fields the import may change; return their names."""
        changed = []
        for name, new in values.items():
            field_key = f"{key}/{name}"
            current = getattr(instance, name)
            if current == new:
                self.remember(field_key, new)
            elif self.last.get(field_key) == _digest(current):
                setattr(instance, name, new)
                self.remember(field_key, new)
                changed.append(name)
            else:
                self.report.kept.append(f"{label} {name}")
        return changed

    def save(self) -> None:
        ImportedValue.objects.bulk_create(
            [ImportedValue(key=key, digest=digest) for key, digest in self.written.items()],
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["digest"],
        )


@dataclass
class _Import:
    report: ImportReport
    memory: _FieldMemory
    locales: dict[str, Locale]
    # Measures whose pages' search entries name bodies that changed.
    search_stale: set[int] = field(default_factory=set)

    def upsert(self, model, lookup: dict, values: dict, *, kind: str):
        """Plan data no editor changes in the admin: the file decides."""
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            instance = model(**lookup, **values)
            instance.full_clean()
            instance.save()
            self.report.count(kind, "created")
            return instance
        changed = [name for name, value in values.items() if getattr(instance, name) != value]
        if changed:
            for name in changed:
                setattr(instance, name, values[name])
            instance.full_clean()
            instance.save(update_fields=changed)
            self.report.count(kind, "updated")
        else:
            self.report.count(kind, "unchanged")
        return instance

    def snippet(self, instance, values: dict, *, key: str, label: str, kind: str):
        """A translatable snippet: create it, or update only what no editor has changed."""
        if instance.pk is None:
            for name, value in values.items():
                setattr(instance, name, value)
            instance.full_clean()
            instance.save()
            for name, value in values.items():
                self.memory.remember(f"{key}/{name}", value)
            self.report.count(kind, "created")
            return instance
        changed = self.memory.merge(instance, values, key=key, label=label)
        if changed:
            instance.full_clean()
            instance.save(update_fields=changed)
            self.report.count(kind, "updated")
        else:
            self.report.count(kind, "unchanged")
        return instance

    def page(
        self,
        *,
        parent,
        model,
        lookup: dict,
        fields: dict,
        slug: str,
        language: str,
        ident: str,
        label: str,
    ):
        """Create the page, or publish a new revision of what the file changed and no editor did.

        A page with an unpublished draft, a review in progress or a lock is an editor's at the
        moment: it is left alone and named in the report.
        """
        kind = {AreaPage: "area pages", MeasurePage: "measure pages"}[model]
        locale = self.locales[language]
        key = f"{model._meta.model_name}/{ident}/{language}"
        page = model.objects.filter(locale=locale, **lookup).first()
        if page is None:
            page = model(slug=slug, locale=locale, **lookup, **fields)
            source = model.objects.filter(**lookup).exclude(locale=locale).order_by("pk").first()
            if source is not None:
                # One translation_key: Wagtail then knows the pages are one content in 3 languages.
                page.translation_key = source.translation_key
            parent.add_child(instance=page)
            page.save_revision().publish()
            for name, value in fields.items():
                self.memory.remember(f"{key}/{name}", value)
            self.report.count(kind, "created")
            return page
        if page.has_unpublished_changes or page.workflow_in_progress or page.locked:
            self.report.skipped.append(f"{label} {language}")
            return page
        changed = self.memory.merge(page, fields, key=key, label=f"{label} {language}")
        if changed:
            page.save_revision().publish()
            self.report.count(kind, "updated")
        else:
            self.report.count(kind, "unchanged")
        return page

    def measure(self, entry: dict, *, area: ThematicArea, position: int) -> Measure:
        """A measure's place in the plan is the file's; its deadline is the file's unless an
        editor changed it in the admin."""
        code = entry["code"]
        values = {
            "deadline": str(entry["deadline"]),
            "deadline_start": entry["deadline_start"],
            "deadline_end": entry["deadline_end"],
        }
        measure = Measure.objects.filter(code=code).first()
        if measure is None:
            measure = Measure(code=code, area=area, position=position, **values)
            measure.full_clean()
            measure.save()
            for name, value in values.items():
                self.memory.remember(f"measure/{code}/{name}", value)
            self.report.count("measures", "created")
            return measure
        placed = {"area": area, "position": position}
        changed = [name for name, value in placed.items() if getattr(measure, name) != value]
        for name in changed:
            setattr(measure, name, placed[name])
        changed += self.memory.merge(measure, values, key=f"measure/{code}", label=code)
        if changed:
            measure.full_clean()
            measure.save(update_fields=changed)
            self.report.count("measures", "updated")
        else:
            self.report.count("measures", "unchanged")
        return measure

    def measure_bodies(self, measure: Measure, entry: dict, by_alias: dict[str, Body]) -> None:
        """Who carries out a measure and to whom it is recommended: the file's list, unless an
        editor changed it in the admin."""
        wanted = sorted(
            (role, by_alias[normalise_body_name(written)].slug, position, written)
            for role, key in (
                (MeasureBody.Role.EXECUTOR, "executors"),
                (MeasureBody.Role.RECOMMENDED, "recommended_to"),
            )
            for position, written in enumerate(entry.get(key, []))
        )
        current = sorted(
            (role.role, role.body.slug, role.position, role.written_as)
            for role in measure.body_roles.select_related("body")
        )
        key = f"measure/{measure.code}/bodies"
        if current == wanted:
            self.memory.remember(key, wanted)
        elif not current or self.memory.last.get(key) == _digest(current):
            measure.body_roles.all().delete()
            self.search_stale.add(measure.pk)
            bodies = {body.slug: body for body in by_alias.values()}
            MeasureBody.objects.bulk_create(
                MeasureBody(
                    measure=measure,
                    body=bodies[slug],
                    role=role,
                    position=position,
                    written_as=written,
                )
                for role, slug, position, written in wanted
            )
            self.memory.remember(key, wanted)
        else:
            self.report.kept.append(f"{measure.code} bodies")

    def bodies(self, data: dict) -> dict[str, Body]:
        names_before = dict(Body.objects.values_list("pk", "name"))
        by_alias: dict[str, Body] = {}
        source_locale = self.locales[settings.LANGUAGE_CODE]
        for entry in data["bodies"]:
            slug = entry["key"]
            body = Body.objects.filter(slug=slug, locale=source_locale).first()
            body = self.snippet(
                body or Body(slug=slug, locale=source_locale),
                {"name": entry["name"][settings.LANGUAGE_CODE], "kind": entry.get("kind", "other")},
                key=f"body/{slug}/{settings.LANGUAGE_CODE}",
                label=f"body {slug} {settings.LANGUAGE_CODE}",
                kind="bodies",
            )
            for language, locale in self.locales.items():
                if locale == source_locale:
                    continue
                translation = body.get_translation_or_none(locale)
                self.snippet(
                    translation or body.copy_for_translation(locale),
                    {"name": entry["name"][language]},
                    key=f"body/{slug}/{language}",
                    label=f"body {slug} {language}",
                    kind="body translations",
                )
            for text in dict.fromkeys([entry["name"]["az"], *entry.get("aliases", [])]):
                normalised = normalise_body_name(text)
                BodyAlias.objects.update_or_create(
                    normalised=normalised, defaults={"body": body, "text": text}
                )
                by_alias[normalised] = body
        self.body_members(data)
        renamed = [
            pk
            for pk, name in Body.objects.values_list("pk", "name")
            if names_before.get(pk) != name
        ]
        self.search_stale.update(_measures_naming(Body.objects.filter(pk__in=renamed)))
        return by_alias

    def body_members(self, data: dict) -> None:
        """Which bodies each group includes: the file's list, unless an editor changed it."""
        bodies = {
            body.slug: body
            for body in Body.objects.filter(locale=self.locales[settings.LANGUAGE_CODE])
        }
        for entry in data["bodies"]:
            body = bodies[entry["key"]]
            wanted = sorted(entry.get("includes", []))
            current = sorted(body.members.values_list("slug", flat=True))
            key = f"body/{body.slug}/includes"
            if current == wanted:
                self.memory.remember(key, wanted)
            elif self.memory.last.get(key) == _digest(current) or (
                not current and key not in self.memory.last
            ):
                body.members.set([bodies[slug] for slug in wanted])
                self.memory.remember(key, wanted)
            else:
                self.report.kept.append(f"body {body.slug} includes")


def _source_first(languages):
    """The original language first, so translations can take its translation key."""
    return sorted(languages, key=lambda language: language != settings.LANGUAGE_CODE)


@transaction.atomic
def action_plan_import(
    *, data: dict, progress: Callable[[str], None] | None = None
) -> ImportReport:
    """Bring the plan's data and pages in line with the plan file; all or nothing.

    Running it again changes only what the file changed, creates nothing twice, and keeps every
    field an editor changed since the last import (named in the report's `kept`).
    """
    validate_action_plan(data)
    progress = progress or (lambda message: None)
    report = ImportReport()
    locales = locales_ensure()
    plan_pages = {}
    for language, locale in locales.items():
        plan_page = PlanPage.objects.filter(locale=locale).first()
        if plan_page is None:
            raise ActionPlanError(
                f"There is no plan page in '{language}' to put the plan under; "
                "run `manage.py ensure_site_structure` first."
            )
        plan_pages[language] = plan_page
    run = _Import(report=report, memory=_FieldMemory(report), locales=locales)

    by_alias = run.bodies(data)
    progress(f"{len(data['bodies'])} bodies")
    total = sum(len(area["measures"]) for area in data["areas"])
    done = 0
    for area_entry in data["areas"]:
        area = run.upsert(ThematicArea, {"number": area_entry["number"]}, {}, kind="areas")
        area_pages = {
            language: run.page(
                parent=plan_pages[language],
                model=AreaPage,
                lookup={"area": area},
                fields={"title": area_entry["title"][language]},
                slug=str(area.number),
                language=language,
                ident=str(area.number),
                label=f"area {area.number}",
            )
            for language in _source_first(locales)
        }
        for position, entry in enumerate(area_entry["measures"], start=1):
            measure = run.measure(entry, area=area, position=position)
            run.measure_bodies(measure, entry, by_alias)
            for language in _source_first(locales):
                run.page(
                    parent=area_pages[language],
                    model=MeasurePage,
                    lookup={"measure": measure},
                    fields={
                        "title": measure_short_title(entry["code"], entry["title"][language]),
                        "text": entry["title"][language],
                        "indicator": entry["indicator"][language],
                    },
                    slug=entry["code"].replace(".", "-"),
                    language=language,
                    ident=entry["code"],
                    label=entry["code"],
                )
            done += 1
            progress(f"measure {entry['code']} ({done}/{total})")
    run.memory.save()
    measure_pages_reindex(measure_ids=run.search_stale)
    plan_search_documents_changed()
    indicator_snapshots_refresh()
    page_cache_invalidate()
    return report


def _measures_naming(bodies) -> set[int]:
    keys = bodies.values("translation_key")
    return set(
        MeasureBody.objects.filter(body__translation_key__in=keys).values_list(
            "measure_id", flat=True
        )
    )


def measure_pages_reindex(*, measure_ids) -> None:
    """Refresh the search entries of these measures' pages, which carry their bodies' names
    (saving a page reindexes it; a change to its measure's bodies does not)."""
    for page in MeasurePage.objects.filter(measure_id__in=measure_ids):
        index.insert_or_update_object(page)


def search_entries_refresh_after_edit(*, instance) -> None:
    """An edited measure or body may rename who acts on a measure; its pages must say so."""
    if isinstance(instance, Measure):
        measure_pages_reindex(measure_ids=[instance.pk])
    elif isinstance(instance, Body):
        measure_pages_reindex(measure_ids=_measures_naming(Body.objects.filter(pk=instance.pk)))


# --- Indicators and progress ------------------------------------------------------------------


def indicator_snapshots_refresh(*, measures=None) -> list[str]:
    """Compute every registered indicator again; return the keys of those that failed.

    An indicator belongs to the app that registered it; one that fails is logged and keeps its
    last value, and the others are still computed.
    """
    failed = []
    for measure in Measure.objects.all() if measures is None else measures:
        for indicator in indicators.for_measure(measure.code):
            try:
                with transaction.atomic():
                    value = Decimal(str(indicator.compute(measure)))
                    IndicatorSnapshot.objects.update_or_create(
                        indicator_key=indicator.key,
                        measure=measure,
                        defaults={"value": value, "computed_at": timezone.now()},
                    )
            except Exception:
                logger.exception("Indicator %s failed for measure %s", indicator.key, measure.code)
                failed.append(f"{indicator.key} {measure.code}")
    return failed


# Some indicators count by the clock (minutes overdue after 14 days, minutes of the last 90 days,
# the last complete budget year): with no write at all their values still change overnight.
# A few minutes past midnight, so a day's last writes are in and the new day has begun.
INDICATORS_DAILY_AT = time(0, 5)


def indicators_daily_refresh() -> None:
    """The worker's daily run: every registered indicator again, and pages showing them anew."""
    failed = indicator_snapshots_refresh()
    if failed:
        logger.warning("Daily indicator refresh: %s failed: %s", len(failed), ", ".join(failed))
    page_cache_invalidate()


def next_indicators_refresh_after(moment: datetime) -> datetime:
    """The next INDICATORS_DAILY_AT of the site's time zone after `moment`."""
    return next_time_of_day_after(moment, INDICATORS_DAILY_AT)


def progress_update_changed(*, update: ProgressUpdate) -> None:
    """After an update is published, unpublished or deleted: its measure's numbers and pages."""
    measure = Measure.objects.filter(pk=update.measure_id).first()
    if measure is not None:
        indicator_snapshots_refresh(measures=[measure])
    page_cache_invalidate()


def progress_update_published(*, update: ProgressUpdate) -> None:
    """After an update is published: its measure's numbers, and word to the measure's followers.

    Followers hear of an update once, at its first publication in any language; a later edit
    or translation of the same update notifies nobody again.
    """
    progress_update_changed(update=update)
    event_record(
        kind=PROGRESS_UPDATE_PUBLISHED,
        occurrence=update,
        dedupe_key=f"{PROGRESS_UPDATE_PUBLISHED}:{update.translation_key}",
    )
