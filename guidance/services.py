"""Writes of the guidance section: its demonstration guides and wizard."""

from pathlib import Path

from django.conf import settings
from django.db import transaction

from civic_platform.services import StructureReport, load_yaml, locales_ensure
from guidance.models import GuidanceIndexPage, GuidePage, WizardPage

DEMO_GUIDANCE_FILE = Path(__file__).resolve().parent / "data" / "demo_guidance.yaml"


def _in_language(value, language: str):
    """The data with every {az, en, ru} mapping replaced by its text in `language`."""
    if isinstance(value, dict):
        if set(value) == {code for code, _name in settings.LANGUAGES}:
            return value[language]
        return {key: _in_language(item, language) for key, item in value.items()}
    if isinstance(value, list):
        return [_in_language(item, language) for item in value]
    return value


def _with_guide_ids(rules: list[dict], guide_ids: dict[str, int]) -> list[dict]:
    """The rules as stored: each item's guide slug replaced by that guide's page id."""
    return [
        {
            "type": "rule",
            "value": {
                "conditions": rule["conditions"],
                "items": [
                    {**item, "guide": guide_ids.get(item["guide"]) if item["guide"] else None}
                    for item in rule["items"]
                ],
            },
        }
        for rule in rules
    ]


def _page_ensure(*, parent, model, slug: str, fields_by_language: dict, locales, report):
    """The page below `parent` and its translations, each created only if missing: a page
    that exists belongs to its editors and is left exactly as it is."""
    source = settings.LANGUAGE_CODE
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = parent.add_child(
            instance=model(slug=slug, locale=locales[source], **fields_by_language[source])
        )
        page.save_revision().publish()
        report.created.append(f"{slug} [{source}]")
    else:
        report.kept.append(f"{slug} [{source}]")
    pages = {source: page}
    for code, locale in locales.items():
        if code == source:
            continue
        translation = page.get_translation_or_none(locale)
        if translation is None:
            translation = page.copy_for_translation(locale)
            for name, value in fields_by_language[code].items():
                setattr(translation, name, value)
            translation.save()
            translation.save_revision().publish()
            report.created.append(f"{slug} [{code}]")
        else:
            report.kept.append(f"{slug} [{code}]")
        pages[code] = translation.specific
    return pages


@transaction.atomic
def demo_guidance_ensure(*, definition: dict | None = None) -> StructureReport:
    """Add the sample guides and wizard that are missing, in every language; keep the rest.

    Every page starts marked as needing legal review, so visitors see that it is sample text.
    """
    definition = definition or load_yaml(DEMO_GUIDANCE_FILE)
    report = StructureReport()
    locales = locales_ensure()
    index = GuidanceIndexPage.objects.filter(locale=locales[settings.LANGUAGE_CODE]).first()
    if index is None:
        raise ValueError("There is no guidance page yet; run `manage.py ensure_site_structure`.")
    guide_ids: dict[str, dict[str, int]] = {code: {} for code in locales}
    for entry in definition["guides"]:
        pages = _page_ensure(
            parent=index,
            model=GuidePage,
            slug=entry["slug"],
            fields_by_language={
                code: {
                    "title": _in_language(entry["title"], code),
                    "summary": _in_language(entry["summary"], code),
                    "needs_legal_review": True,
                    "body": _in_language(entry["body"], code),
                }
                for code in locales
            },
            locales=locales,
            report=report,
        )
        for code, page in pages.items():
            guide_ids[code][entry["slug"]] = page.pk
    wizard = definition["wizard"]
    _page_ensure(
        parent=index,
        model=WizardPage,
        slug=wizard["slug"],
        fields_by_language={
            code: {
                "title": _in_language(wizard["title"], code),
                "intro": _in_language(wizard["intro"], code),
                "needs_legal_review": True,
                "questions": [
                    {"type": "question", "value": question}
                    for question in _in_language(wizard["questions"], code)
                ],
                "rules": _with_guide_ids(_in_language(wizard["rules"], code), guide_ids[code]),
            }
            for code in locales
        },
        locales=locales,
        report=report,
    )
    return report
