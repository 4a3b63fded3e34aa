"""Writes to the site structure: the home page, its sections and their translations."""

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from civic_platform.models import ContentPage, HomePage

SITE_STRUCTURE_FILE = Path(__file__).resolve().parent / "data" / "site_structure.yaml"
DEMO_CONTENT_FILE = Path(__file__).resolve().parent / "data" / "demo_content.yaml"


# Demonstration content of the domain apps (`make run` only): each registers a function in its
# AppConfig.ready() that adds what is missing and returns the names of what it created, so the
# core imports none of them.
_demo_content_providers: list[Callable[[], list[str]]] = []


def register_demo_content(provider: Callable[[], list[str]]) -> None:
    if provider not in _demo_content_providers:
        _demo_content_providers.append(provider)


@dataclass
class StructureReport:
    created: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def load_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def locales_ensure() -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0] for code, _ in settings.LANGUAGES
    }


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _home_page_ensure(*, definition: dict, locale: Locale, report: StructureReport) -> HomePage:
    site = Site.objects.filter(is_default_site=True).first()
    # Wagtail's migrations create the tree's root; a flushed database has none.
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    if site is not None and isinstance(site.root_page.specific, HomePage):
        report.kept.append(f"home [{locale.language_code}]")
        return site.root_page.specific
    existing = HomePage.objects.filter(locale=locale).first()
    if existing is None:
        # Wagtail's installation leaves a plain "Welcome" page at the slug we want; it holds
        # no content of ours, so it gives way to the real home page.
        Page.objects.filter(
            depth=2, slug=definition["slug"], content_type__model="page", numchild=0
        ).exclude(pk__in=HomePage.objects.values("pk")).delete()
        existing = root.add_child(
            instance=HomePage(
                title=definition["title"][locale.language_code],
                slug=definition["slug"],
                lead=definition["lead"][locale.language_code],
                locale=locale,
            )
        )
        _publish(existing)
        report.created.append(f"home [{locale.language_code}]")
    # Deleting the welcome page took its Site record with it.
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=existing,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
    else:
        site.root_page = existing
        site.save(update_fields=["root_page"])
    return existing


def _translation_ensure(
    *, page: Page, locale: Locale, fields: dict[str, str], report: StructureReport
) -> Page:
    translated = page.get_translation_or_none(locale)
    label = f"{page.slug} [{locale.language_code}]"
    if translated is not None:
        report.kept.append(label)
        return translated.specific
    translated = page.specific.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    _publish(translated)
    report.created.append(label)
    return translated


def _translated_fields(entry: dict, names: tuple[str, ...], language: str) -> dict[str, str]:
    return {name: entry[name][language] for name in names if name in entry}


def _child_page_ensure(
    *, parent, model, entry: dict, fields: tuple[str, ...], locales, report, **extra
) -> Page:
    """A page below `parent` in the source language and its translations, each created only
    if missing; an existing page is an editor's and is kept as it is."""
    page = parent.get_children().filter(slug=entry["slug"]).first()
    label = f"{entry['slug']} [{settings.LANGUAGE_CODE}]"
    if page is None:
        page = parent.add_child(
            instance=model(
                slug=entry["slug"],
                locale=locales[settings.LANGUAGE_CODE],
                **extra,
                **_translated_fields(entry, fields, settings.LANGUAGE_CODE),
            )
        )
        _publish(page)
        report.created.append(label)
    else:
        report.kept.append(label)
    for code, locale in locales.items():
        if code != settings.LANGUAGE_CODE:
            _translation_ensure(
                page=page,
                locale=locale,
                fields=_translated_fields(entry, fields, code),
                report=report,
            )
    return page


@transaction.atomic
def site_structure_ensure(*, definition: dict | None = None) -> StructureReport:
    """Create whatever of the site skeleton is missing, in every language; keep the rest.

    Editors own the pages once they exist, so a second run never overwrites their edits.
    """
    definition = definition or load_yaml(SITE_STRUCTURE_FILE)
    report = StructureReport()
    locales = locales_ensure()
    default_locale = locales[settings.LANGUAGE_CODE]
    other_locales = [locale for code, locale in locales.items() if code != settings.LANGUAGE_CODE]

    home = _home_page_ensure(definition=definition["home"], locale=default_locale, report=report)
    for locale in other_locales:
        _translation_ensure(
            page=home,
            locale=locale,
            fields=_translated_fields(definition["home"], ("title", "lead"), locale.language_code),
            report=report,
        )

    for entry in definition["sections"]:
        _child_page_ensure(
            parent=home,
            model=apps.get_model(entry["app"], entry["model"]),
            entry=entry,
            fields=("title", "summary"),
            locales=locales,
            report=report,
            show_in_menus=True,
        )
    return report


@transaction.atomic
def demo_content_ensure(*, definition: dict | None = None) -> StructureReport:
    """Add the demonstration pages that are missing, in every language; keep what exists.

    For `make run` only: a real installation starts from the site structure and the plan.
    """
    definition = definition or load_yaml(DEMO_CONTENT_FILE)
    report = StructureReport()
    locales = locales_ensure()
    home = HomePage.objects.filter(locale=locales[settings.LANGUAGE_CODE]).first()
    if home is None:
        raise ValueError("There is no home page yet; run `manage.py ensure_site_structure` first.")
    for entry in definition["pages"]:
        _child_page_ensure(
            parent=home,
            model=ContentPage,
            entry=entry,
            fields=("title", "summary", "body"),
            locales=locales,
            report=report,
        )
    for provider in _demo_content_providers:
        report.created.extend(provider())
    return report
