"""Writes to the action plan: the import of the plan file, progress, indicator values."""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from themes.models import (
    AreaPage,
    Body,
    BodyAlias,
    IndicatorSnapshot,
    Measure,
    MeasureBody,
    MeasurePage,
    PlanPage,
    ThematicArea,
)

ACTION_PLAN_FILE = Path(__file__).resolve().parent / "data" / "action_plan.yaml"
LANGUAGES = ("az", "en", "ru")
CODE_PATTERN = re.compile(r"^[1-9]\d*\.[1-9]\d*$")
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
            if not isinstance(code, str) or not CODE_PATTERN.match(code):
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

    def count(self, kind: str, outcome: str) -> None:
        bucket = getattr(self, outcome)
        bucket[kind] = bucket.get(kind, 0) + 1


def _upsert(model, lookup: dict, values: dict, *, report: ImportReport, kind: str):
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        report.count(kind, "created")
        return instance
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.full_clean()
        instance.save(update_fields=changed)
        report.count(kind, "updated")
    else:
        report.count(kind, "unchanged")
    return instance


def _page_upsert(
    *, parent, model, lookup: dict, fields: dict, slug: str, locale, report: ImportReport, kind: str
):
    """Create the page, or publish a new revision only when its words changed."""
    page = model.objects.filter(locale=locale, **lookup).first()
    if page is None:
        page = model(slug=slug, locale=locale, **lookup, **fields)
        translation_source = (
            model.objects.filter(**lookup).exclude(locale=locale).order_by("pk").first()
        )
        if translation_source is not None:
            # Same translation_key: Wagtail then knows the pages are one content in 3 languages.
            page.translation_key = translation_source.translation_key
        parent.add_child(instance=page)
        page.save_revision().publish()
        report.count(kind, "created")
        return page
    if any(getattr(page, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(page, name, value)
        page.save_revision().publish()
        report.count(kind, "updated")
    else:
        report.count(kind, "unchanged")
    return page


def _name_fields(texts: dict[str, str]) -> dict[str, str]:
    """A LocalisedNameMixin's fields from the file's {az, en, ru} texts."""
    return {"name": texts["az"], "name_en": texts["en"], "name_ru": texts["ru"]}


def _import_bodies(data: dict, report: ImportReport) -> dict[str, Body]:
    by_alias: dict[str, Body] = {}
    for entry in data["bodies"]:
        body = _upsert(
            Body,
            {"slug": entry["key"]},
            {**_name_fields(entry["name"]), "kind": entry.get("kind", Body.Kind.OTHER)},
            report=report,
            kind="bodies",
        )
        for text in dict.fromkeys([entry["name"]["az"], *entry.get("aliases", [])]):
            normalised = normalise_body_name(text)
            BodyAlias.objects.update_or_create(
                normalised=normalised, defaults={"body": body, "text": text}
            )
            by_alias[normalised] = body
    return by_alias


def _import_measure_bodies(measure: Measure, entry: dict, by_alias: dict[str, Body]) -> None:
    wanted = []
    for role, key in (
        (MeasureBody.Role.EXECUTOR, "executors"),
        (MeasureBody.Role.RECOMMENDED, "recommended_to"),
    ):
        for position, written in enumerate(entry.get(key, [])):
            wanted.append((by_alias[normalise_body_name(written)].pk, role, position, written))
    current = {(r.body_id, r.role): r for r in measure.body_roles.all()}
    keep = set()
    for body_id, role, position, written in wanted:
        keep.add((body_id, role))
        existing = current.get((body_id, role))
        if existing is None:
            MeasureBody.objects.create(
                measure=measure, body_id=body_id, role=role, position=position, written_as=written
            )
        elif (existing.position, existing.written_as) != (position, written):
            existing.position, existing.written_as = position, written
            existing.save(update_fields=["position", "written_as"])
    for key, role in current.items():
        if key not in keep:
            role.delete()


PAGE_TITLE_LENGTH = 160


def page_title(code: str, text: str) -> str:
    """A measure's page title: its code and its words, cut at a word boundary when long.

    Page titles hold at most 255 characters and the longest measures are longer; the full
    wording is kept in the page's `text`.
    """
    title = f"{code}. {text}"
    if len(title) <= PAGE_TITLE_LENGTH:
        return title
    return title[: PAGE_TITLE_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _locales() -> dict[str, Locale]:
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in LANGUAGES}


@transaction.atomic
def action_plan_import(
    *, data: dict, progress: Callable[[str], None] | None = None
) -> ImportReport:
    """Bring the database and the plan's pages in line with the plan file; all or nothing.

    Running it again updates what changed and creates nothing twice.
    """
    validate_action_plan(data)
    progress = progress or (lambda message: None)
    report = ImportReport()
    locales = _locales()
    plan_pages = {}
    for language, locale in locales.items():
        plan_page = PlanPage.objects.filter(locale=locale).first()
        if plan_page is None:
            raise ActionPlanError(
                f"There is no plan page in '{language}' to put the plan under; "
                "run `manage.py load_demo_content` first."
            )
        plan_pages[language] = plan_page

    by_alias = _import_bodies(data, report)
    progress(f"{len(data['bodies'])} bodies")
    total = sum(len(area["measures"]) for area in data["areas"])
    done = 0
    for area_entry in data["areas"]:
        area = _upsert(
            ThematicArea,
            {"number": area_entry["number"]},
            _name_fields(area_entry["title"]),
            report=report,
            kind="areas",
        )
        area_pages = {
            language: _page_upsert(
                parent=plan_pages[language],
                model=AreaPage,
                lookup={"area": area},
                fields={"title": area_entry["title"][language]},
                slug=str(area.number),
                locale=locale,
                report=report,
                kind="area pages",
            )
            for language, locale in _ordered(locales)
        }
        for position, entry in enumerate(area_entry["measures"], start=1):
            measure = _upsert(
                Measure,
                {"code": entry["code"]},
                {
                    "area": area,
                    "position": position,
                    "deadline": str(entry["deadline"]),
                    "deadline_start": entry["deadline_start"],
                    "deadline_end": entry["deadline_end"],
                },
                report=report,
                kind="measures",
            )
            _import_measure_bodies(measure, entry, by_alias)
            for language, locale in _ordered(locales):
                _page_upsert(
                    parent=area_pages[language],
                    model=MeasurePage,
                    lookup={"measure": measure},
                    fields={
                        "title": page_title(entry["code"], entry["title"][language]),
                        "text": entry["title"][language],
                        "indicator": entry["indicator"][language],
                    },
                    slug=entry["code"].replace(".", "-"),
                    locale=locale,
                    report=report,
                    kind="measure pages",
                )
            done += 1
            progress(f"measure {entry['code']} ({done}/{total})")
    return report


def _ordered(locales: dict[str, Locale]):
    """The original language first, so translations can take its translation key."""
    return sorted(locales.items(), key=lambda item: item[0] != settings.LANGUAGE_CODE)


# --- Indicators ------------------------------------------------------------------------------


@transaction.atomic
def indicator_snapshot_refresh(*, indicator, measure) -> IndicatorSnapshot:
    value = Decimal(str(indicator.compute(measure)))
    snapshot, _ = IndicatorSnapshot.objects.update_or_create(
        indicator_key=indicator.key,
        measure=measure,
        defaults={"value": value, "computed_at": timezone.now()},
    )
    return snapshot
