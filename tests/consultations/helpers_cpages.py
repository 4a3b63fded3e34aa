"""Consultations as the pages' tests need them: built as an editor builds them in the admin."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale

from civic_platform.organisations.models import Kind, Organisation
from civic_platform.organisations.services import organisation_create
from consultations.choices import ConsultationKind, SectionKind
from consultations.models import ConsultationIndexPage, ConsultationPage, ConsultationSection
from tests.factories import UserFactory
from themes.models import Measure


def consultation_index(language=settings.LANGUAGE_CODE) -> ConsultationIndexPage:
    return ConsultationIndexPage.objects.get(locale__language_code=language)


def make_owner(name="Maliyyə Nazirliyi") -> Organisation:
    organisation = Organisation.objects.filter(name=name).first()
    if organisation is None:
        organisation = organisation_create(
            user=UserFactory(), name=name, kind=Kind.STATE_BODY, region="baku"
        )
    return organisation


def budget_lines(count: int, *, start: int = 0) -> list[ConsultationSection]:
    return [
        ConsultationSection(
            kind=SectionKind.BUDGET_LINE,
            number=f"{n:02d}.1",
            title=f"Xərc maddəsi {n}",
            amount=Decimal(1000 + n),
            previous_amount=Decimal(900 + n),
        )
        for n in range(start, start + count)
    ]


def make_consultation(
    title="Dövlət büdcəsinin layihəsi",
    *,
    slug,
    kind=ConsultationKind.DRAFT_STATE_BUDGET,
    opens_in_days=-1,
    closes_in_days=10,
    sections=(),
    measures=(),
    publish=True,
) -> ConsultationPage:
    locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    now = timezone.now()
    page = ConsultationPage(
        title=title,
        slug=slug,
        locale=locale,
        kind=kind,
        owner_organisation=make_owner(),
        opens_at=now + datetime.timedelta(days=opens_in_days),
        closes_at=now + datetime.timedelta(days=closes_in_days),
        fiscal_year=2027 if kind in (ConsultationKind.DRAFT_STATE_BUDGET,) else None,
        live=publish,
    )
    for position, section in enumerate(sections):
        section.locale = locale
        section.sort_order = position
    page.sections = list(sections)
    consultation_index().add_child(instance=page)
    page.measures.set(Measure.objects.filter(code__in=measures))
    revision = page.save_revision()
    if publish:
        revision.publish()
    return page


def translate(page: ConsultationPage, language: str, title: str) -> ConsultationPage:
    copy = page.copy_for_translation(Locale.objects.get(language_code=language))
    copy.title = title
    copy.save()
    copy.save_revision().publish()
    return copy
