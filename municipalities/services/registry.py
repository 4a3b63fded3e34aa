"""Writes of the municipal registry: loading it from a CSV file (idempotent, by slug) and each
municipality's editor group and documents collection.

The registry file's header is `slug,name,region,kind,population,population_year,website,email,
phone,address`, optionally followed by `name_en,region_en,name_ru,region_ru` (the translations)
and `council` (the slug of its public council's page). A row whose slug is registered updates
that municipality; any bad row gives the errors by row with nothing saved.
"""

import csv
import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.models import Collection, GroupCollectionPermission, Locale

from civic_platform.budget_rows import RowError
from civic_platform.page_cache import page_cache_invalidate
from civic_platform.permissions import ACCESS_ADMIN
from councils.models import CouncilPage
from municipalities.choices import MunicipalityKind
from municipalities.models import Municipality
from municipalities.services.budget_import import BudgetFileError
from municipalities.services.publication import municipal_indicators_refresh, municipality_changed

REQUIRED_COLUMNS = [
    "slug",
    "name",
    "region",
    "kind",
    "population",
    "population_year",
    "website",
    "email",
    "phone",
    "address",
]
OPTIONAL_COLUMNS = ["name_en", "region_en", "name_ru", "region_ru", "council"]
TRANSLATED_LANGUAGES = ("en", "ru")
# The documents an editor group adds and chooses in its own collection only.
DOCUMENT_PERMISSIONS = ("add_document", "choose_document")


class RegistryFileError(BudgetFileError):
    """Errors by row of a registry file; nothing was saved."""


@dataclass
class RegistryImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def municipality_editors_ensure(*, municipality: Municipality) -> Group:
    """The municipality's editor group (admin access, documents in its own collection) and its
    collection, created the first time and shared by all its translations."""
    source = (
        Municipality.objects.in_source_language()
        .filter(translation_key=municipality.translation_key)
        .first()
        or municipality
    )
    group, collection = source.editor_group, source.collection
    if group is None:
        # Group names are unique; the slug keeps two municipalities of the same name apart.
        group, _created = Group.objects.get_or_create(
            name=f"{source.name[:100]} ({source.slug}): " + _("municipality editors")
        )
        group.permissions.add(_permission(*ACCESS_ADMIN.split(".")))
    if collection is None:
        root = Collection.get_first_root_node()
        collection = root.add_child(name=source.name[:255]) if root is not None else None
    for codename in DOCUMENT_PERMISSIONS if collection is not None else ():
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission("wagtaildocs", codename)
        )
    Municipality.objects.filter(translation_key=source.translation_key).update(
        editor_group=group, collection=collection
    )
    municipality.editor_group, municipality.collection = group, collection
    return group


def _integer(text: str) -> int | None:
    digits = re.sub(r"[ \u00a0\u202f]", "", text)
    return int(digits) if re.fullmatch(r"[0-9]{1,10}", digits) else None


def _registry_rows(data: bytes):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise RegistryFileError(
            [RowError(1, _("the file is not UTF-8 text; save it as CSV UTF-8."))]
        ) from error
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    rows = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(rows, [])]
    # Spreadsheets export empty cells after the last column they saw used.
    while header and not header[-1]:
        header.pop()
    known = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
    if header[: len(REQUIRED_COLUMNS)] != REQUIRED_COLUMNS or not set(header) <= set(known):
        raise RegistryFileError(
            [
                RowError(
                    1,
                    _("the first row must name the columns %(columns)s, then any of %(more)s.")
                    % {"columns": ",".join(REQUIRED_COLUMNS), "more": ",".join(OPTIONAL_COLUMNS)},
                )
            ]
        )
    for number, cells in enumerate(rows, start=2):
        if any(cell.strip() for cell in cells):
            yield number, header, [cell.strip() for cell in cells]


def _row_values(number, header, cells, councils, seen, errors) -> dict | None:
    if len(cells) > len(header) and not any(cells[len(header) :]):
        cells = cells[: len(header)]
    if len(cells) != len(header):
        errors.append(
            RowError(
                number,
                _("it has %(found)s columns instead of %(expected)s.")
                % {"found": len(cells), "expected": len(header)},
            )
        )
        return None
    row = dict(zip(header, cells, strict=True))
    row_errors = []
    if not row["slug"] or slugify(row["slug"]) != row["slug"]:
        row_errors.append(
            _("the slug %(slug)r is not made of lowercase Latin letters, digits and hyphens.")
            % {"slug": row["slug"]}
        )
    elif row["slug"] in seen:
        row_errors.append(
            _("the slug %(slug)s is already on row %(row)s.")
            % {"slug": row["slug"], "row": seen[row["slug"]]}
        )
    else:
        seen[row["slug"]] = number
    if not row["name"]:
        row_errors.append(_("the name is missing."))
    if not row["region"]:
        row_errors.append(_("the district or city is missing."))
    if row["kind"] not in MunicipalityKind.values:
        row_errors.append(
            _("the kind %(kind)r is not one of %(choices)s.")
            % {"kind": row["kind"], "choices": ", ".join(MunicipalityKind.values)}
        )
    values = {field: row[field] for field in ("name", "region", "kind", "website", "email")}
    values |= {"phone": row["phone"], "address": row["address"]}
    for field in ("population", "population_year"):
        values[field] = _integer(row[field]) if row[field] else None
        if row[field] and values[field] is None:
            row_errors.append(
                _("the %(column)s %(value)r is not a whole number.")
                % {"column": field, "value": row[field]}
            )
    council_slug = row.get("council", "")
    values["public_council"] = councils.get(council_slug) if council_slug else None
    if council_slug and values["public_council"] is None:
        row_errors.append(
            _("there is no public council with the slug %(slug)s.") % {"slug": council_slug}
        )
    if row_errors:
        errors.extend(RowError(number, message) for message in row_errors)
        return None
    translations = {
        language: {
            "name": row.get(f"name_{language}", ""),
            "region": row.get(f"region_{language}", ""),
        }
        for language in TRANSLATED_LANGUAGES
    }
    return {"slug": row["slug"], "values": values, "translations": translations}


def _validation_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{field}: {message}"
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)


@transaction.atomic
def municipalities_import(*, data: bytes, is_demo: bool = False) -> RegistryImportResult:
    """Creates or updates the municipalities of a registry file, all or nothing; `is_demo`
    marks them all as demo data (the demo content's registry)."""
    errors: list[RowError] = []
    councils = {
        council.slug: council
        for council in CouncilPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    }
    seen: dict[str, int] = {}
    parsed = [
        (number, values)
        for number, header, cells in _registry_rows(data)
        if (values := _row_values(number, header, cells, councils, seen, errors)) is not None
    ]
    if not parsed and not errors:
        errors.append(RowError(2, _("the file has no municipalities under its header.")))
    source_locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    existing = {
        municipality.slug: municipality
        for municipality in Municipality.objects.filter(locale=source_locale, slug__in=seen)
    }
    # Every row is checked as the model checks it before anything is written, so one run
    # lists every error.
    checked = []
    for number, row in parsed:
        municipality = existing.get(row["slug"]) or Municipality(
            slug=row["slug"], locale=source_locale
        )
        row["values"]["is_demo"] = is_demo
        changed = municipality.pk is None or any(
            getattr(municipality, field) != value for field, value in row["values"].items()
        )
        for field, value in row["values"].items():
            setattr(municipality, field, value)
        try:
            municipality.full_clean()
        except ValidationError as error:
            errors.extend(RowError(number, message) for message in _validation_messages(error))
        errors.extend(RowError(number, message) for message in _translation_errors(row))
        checked.append((municipality, changed, row["translations"]))
    if errors:
        raise RegistryFileError(sorted(errors, key=lambda error: error.row))
    result = RegistryImportResult()
    for municipality, changed, translations in checked:
        created = municipality.pk is None
        if changed:
            municipality.save()
        if municipality.editor_group_id is None or municipality.collection_id is None:
            municipality_editors_ensure(municipality=municipality)
            changed = True
        changed = _translations_sync(municipality, translations, locales) or changed
        if created:
            result.created += 1
        elif changed:
            result.updated += 1
        else:
            result.unchanged += 1
    # A second run of the same file writes nothing, so the anonymous pages stay cached.
    if result.created or result.updated:
        # A row may have named a public council: the plan's 7.3 counts those.
        municipal_indicators_refresh()
        page_cache_invalidate()
    return result


@transaction.atomic
def municipality_translations_sync(*, municipality: Municipality) -> None:
    """After the Azerbaijani entry was edited in the admin: its translations carry its shared
    fields (all but the name and the region) as it has them now, and the plan's municipal
    indicators count its public council as it is now. A translation's own edit changes none
    of them (its form has no such fields)."""
    if municipality.locale.language_code != settings.LANGUAGE_CODE:
        return
    Municipality.objects.filter(translation_key=municipality.translation_key).exclude(
        pk=municipality.pk
    ).update(**municipality.shared_values())
    municipal_indicators_refresh()


@transaction.atomic
def municipality_public_council_set(*, municipality: Municipality, council) -> None:
    """The municipality's public council (an Azerbaijani council page, or None), in every
    language's row as the registry file would set it; the plan's 7.3 recounted."""
    Municipality.objects.filter(translation_key=municipality.translation_key).update(
        public_council=council
    )
    municipality.public_council = council
    # An update sends no post_save: what the save would have recorded, recorded here.
    municipality_changed(municipality=municipality)
    municipal_indicators_refresh()
    page_cache_invalidate()


def _translation_errors(row: dict) -> list[str]:
    """The English and Russian name and region, checked as the model checks its own."""
    messages = []
    for language, words in row["translations"].items():
        for field, value in words.items():
            if not value:
                continue
            try:
                Municipality._meta.get_field(field).clean(value, None)
            except ValidationError as error:
                messages.extend(f"{field}_{language}: {message}" for message in error.messages)
    return messages


def _translations_sync(municipality: Municipality, translations: dict, locales: dict) -> bool:
    """The English and Russian rows: their name and region from the file (when given), every
    other field as the Azerbaijani row has it. Saves only a row that differs; says whether any
    did."""
    shared = municipality.shared_values()
    changed = False
    for language, words in translations.items():
        locale = locales.get(language)
        if locale is None:
            continue
        translation = Municipality.objects.filter(
            translation_key=municipality.translation_key, locale=locale
        ).first()
        if translation is None and not words["name"]:
            continue
        translation = translation or municipality.copy_for_translation(locale)
        wanted = shared | {
            "name": words["name"] or translation.name,
            "region": words["region"] or translation.region,
        }
        if translation.pk is not None and all(
            getattr(translation, field) == value for field, value in wanted.items()
        ):
            continue
        for field, value in wanted.items():
            setattr(translation, field, value)
        translation.save()
        changed = True
    return changed
