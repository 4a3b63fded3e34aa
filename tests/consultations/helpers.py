"""Consultations, their owners and comments as the moderation and answer tests need them.

Pages are built as editors build them (a child of the consultation index, published); comments
are rows, as the comment services (another part of the work) would leave them."""

import datetime

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Locale

from civic_platform.organisations.models import Kind
from consultations.choices import BUDGET_KINDS, ConsultationKind, RespondentType
from consultations.models import (
    Comment,
    ConsultationIndexPage,
    ConsultationPage,
    DiscussionTally,
)
from tests.factories import UserFactory
from tests.organisations.helpers import add_member, organisation_with_representative


def consultation_index(language=settings.LANGUAGE_CODE) -> ConsultationIndexPage:
    call_command("ensure_site_structure", verbosity=0)
    return ConsultationIndexPage.objects.get(locale__language_code=language)


def owning_body(name="Maliyyə Nazirliyi", *, verified=True):
    """A state body with a representative; returns the organisation and the representative."""
    return organisation_with_representative(name, verified=verified, kind=Kind.STATE_BODY)


def make_consultation(
    title="2027-ci il dövlət büdcəsinin layihəsi",
    *,
    slug="dovlet-budcesi-2027",
    kind=ConsultationKind.DRAFT_STATE_BUDGET,
    owner=None,
    opens_in=datetime.timedelta(days=-1),
    lasts=datetime.timedelta(days=14),
    moderator=None,
    publish=True,
) -> ConsultationPage:
    if owner is None:
        owner, _representative = owning_body()
    opens_at = timezone.now() + opens_in
    page = ConsultationPage(
        title=title,
        slug=slug,
        locale=Locale.objects.get(language_code=settings.LANGUAGE_CODE),
        kind=kind,
        owner_organisation=owner,
        opens_at=opens_at,
        closes_at=opens_at + lasts,
        fiscal_year=2027 if kind in BUDGET_KINDS else None,
        moderator=moderator,
        live=publish,
    )
    consultation_index().add_child(instance=page)
    if publish:
        page.save_revision().publish()
    DiscussionTally.objects.get_or_create(consultation=page)
    return page


def make_comment(consultation, author=None, **fields) -> Comment:
    fields.setdefault("body", "<p>Təhsilə ayrılan vəsait artırılmalıdır.</p>")
    fields.setdefault("respondent_type", RespondentType.CITIZEN)
    return Comment.objects.create(
        consultation=consultation, author=author or UserFactory(), **fields
    )


def ngo_member():
    """A member of a verified NGO, and the organisation."""
    organisation, _representative = organisation_with_representative(
        "Vətəndaş Təşəbbüsləri Mərkəzi", verified=True
    )
    return add_member(organisation), organisation
