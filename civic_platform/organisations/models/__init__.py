"""Organisations and their people (organisation.py) and the section's page (pages.py)."""

from civic_platform.organisations.models.organisation import (
    DOCUMENT_MAX_BYTES,
    DOCUMENT_TYPES,
    DOCUMENTS_PER_REQUEST,
    RESERVED_SLUGS,
    FieldOfWork,
    Invitation,
    Kind,
    LegalForm,
    Membership,
    Organisation,
    Region,
    Role,
    VerificationDocument,
    VerificationRequest,
)
from civic_platform.organisations.models.pages import OrganisationIndexPage

__all__ = [
    "DOCUMENTS_PER_REQUEST",
    "DOCUMENT_MAX_BYTES",
    "DOCUMENT_TYPES",
    "RESERVED_SLUGS",
    "FieldOfWork",
    "Invitation",
    "Kind",
    "LegalForm",
    "Membership",
    "Organisation",
    "OrganisationIndexPage",
    "Region",
    "Role",
    "VerificationDocument",
    "VerificationRequest",
]
