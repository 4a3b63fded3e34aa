"""Organisations, people and documents as the tests need them."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from civic_platform.organisations import services
from civic_platform.organisations.models import Kind, Organisation, Region
from tests.factories import UserFactory
from tests.themes.editorial_team import team_member

# A VÖEN with a correct check digit (python-stdnum's own example).
VALID_VOEN = "1401555071"


def organisation_with_representative(name="Açıq Büdcə Birliyi", *, verified=False, **fields):
    representative = UserFactory()
    organisation = services.organisation_create(
        user=representative,
        name=name,
        kind=fields.pop("kind", Kind.NGO),
        region=fields.pop("region", Region.BAKU),
        **fields,
    )
    if verified:
        Organisation.objects.filter(pk=organisation.pk).update(verified_at=timezone.now())
        organisation.refresh_from_db()
    return organisation, representative


def add_member(organisation, role="member", **membership):
    user = UserFactory()
    organisation.memberships.create(user=user, role=role, **membership)
    return user


def pdf(name="qeydiyyat.pdf", size=None) -> SimpleUploadedFile:
    content = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    if size is not None:
        content = content + b"0" * (size - len(content))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def png(name="logo.png", size=(8, 8)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "green").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def moderator():
    """A member of Wagtail's Moderators group with an authenticator, holding only what the data
    migration gave the group; returns the user and the authenticator's secret."""
    return team_member("Moderators", ())
