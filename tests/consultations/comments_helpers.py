"""Consultations with comments, as the comments tests need them."""

import datetime
import uuid

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Locale

from civic_platform.organisations.models import Kind, Membership, Organisation, Region
from consultations.choices import ConsultationKind, SectionKind
from consultations.models import ConsultationIndexPage, ConsultationPage, ConsultationSection
from tests.factories import UserFactory


def organisation(kind=Kind.NGO, *, verified=True, name=None) -> Organisation:
    name = name or f"Təşkilat {uuid.uuid4().hex[:6]}"
    return Organisation.objects.create(
        name=name,
        slug=f"org-{uuid.uuid4().hex[:10]}",
        kind=kind,
        region=Region.BAKU,
        verified_at=timezone.now() if verified else None,
    )


def member_of(org: Organisation, user=None):
    user = user or UserFactory()
    Membership.objects.create(organisation=org, user=user)
    return user


def consultation(*, open_now=True, title="2027-ci il dövlət büdcəsinin layihəsi", sections=2):
    """A published draft state budget in Azerbaijani, open now (or closed), with budget lines."""
    if not ConsultationIndexPage.objects.exists():
        call_command("ensure_site_structure", verbosity=0)
    index = ConsultationIndexPage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    now = timezone.now()
    opens = now - datetime.timedelta(days=3)
    closes = now + datetime.timedelta(days=10) if open_now else now - datetime.timedelta(days=1)
    page = ConsultationPage(
        title=title,
        slug=f"budce-{uuid.uuid4().hex[:8]}",
        kind=ConsultationKind.DRAFT_STATE_BUDGET,
        fiscal_year=2027,
        owner_organisation=organisation(Kind.STATE_BODY, name="Maliyyə Nazirliyi"),
        opens_at=opens,
        closes_at=closes,
    )
    for number in range(sections):
        page.sections.add(
            ConsultationSection(
                kind=SectionKind.BUDGET_LINE,
                number=f"01.{number + 1}",
                title=f"Təhsil xərcləri {number + 1}",
                amount=1000 + number,
                locale=index.locale,
            )
        )
    index.add_child(instance=page)
    page.save_revision().publish()
    # Translated as an editor does with Wagtail's "Translate": the discussion stays the source's.
    for language in ("en", "ru"):
        translated = page.copy_for_translation(Locale.objects.get(language_code=language))
        translated.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)
