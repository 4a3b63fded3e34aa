"""Reads of organisations, their members, invitations and verification requests."""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch

from civic_platform.collation import collation_key
from civic_platform.organisations import rules
from civic_platform.organisations.models.organisation import (
    Invitation,
    Membership,
    Organisation,
    Role,
    VerificationDocument,
    VerificationRequest,
)
from civic_platform.organisations.registry import activity

ORGANISATIONS_PER_PAGE = 20
INVITATION_SALT = "organisations.invitation"


def verified_organisations():
    return Organisation.objects.verified()


def organisations_page(queryset, *, language: str, page_number, per_page=ORGANISATIONS_PER_PAGE):
    """One page of the organisations, sorted by the language's alphabet.

    Names are sorted here, not by the database, which compares code points (or a collation
    SQLite lacks): one query for every name, one for the page's organisations, however many.
    """
    names = sorted(
        queryset.values_list("pk", "name"), key=lambda row: collation_key(row[1], language)
    )
    page_obj = Paginator([pk for pk, _name in names], per_page).get_page(page_number)
    by_pk = Organisation.objects.in_bulk(list(page_obj.object_list))
    page_obj.object_list = [by_pk[pk] for pk in page_obj.object_list]
    return page_obj


def organisation_for_page(slug: str, user):
    """The organisation at this address if the visitor may see it: any verified one; an
    unverified one only by its members and the moderators."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        return None
    if organisation.is_verified or rules.can(user, rules.VIEW_UNVERIFIED, organisation):
        return organisation
    return None


def shown_members(organisation) -> list[Membership]:
    return list(
        organisation.memberships.filter(shown_publicly=True)
        .exclude(public_name="")
        .order_by("-role", "public_name", "pk")
    )


def organisation_activity(organisation, *, locale):
    return activity.for_organisation(organisation, locale=locale)


def organisation_by_slug(slug: str):
    return Organisation.objects.filter(slug=slug).first()


def memberships_of(user) -> list[dict]:
    """A person's memberships as plain data, for the download of their own data."""
    return [
        {
            "organisation": membership.organisation.name,
            "organisation_slug": membership.organisation.slug,
            "role": membership.role,
            "joined_at": membership.joined_at.isoformat(),
            "shown_publicly": membership.shown_publicly,
            "public_name": membership.public_name,
        }
        for membership in Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("joined_at", "pk")
    ]


def memberships_with_organisations(user) -> list[Membership]:
    if not user.is_authenticated:
        return []
    return list(
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )


def members_of(organisation) -> list[Membership]:
    return list(
        organisation.memberships.select_related("user").order_by("-role", "joined_at", "pk")
    )


def representative_count(organisation) -> int:
    return organisation.memberships.filter(role=Role.REPRESENTATIVE).count()


def verified_emails(user) -> set[str]:
    return {
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }


def open_invitations_for(user) -> list[Invitation]:
    """Invitations waiting for this person, to any of their confirmed addresses."""
    if not user.is_authenticated:
        return []
    emails = verified_emails(user)
    return [
        invitation
        for invitation in Invitation.objects.filter(status=Invitation.Status.PENDING)
        .filter(email__in=emails)
        .select_related("organisation")
        if invitation.is_open
    ]


def open_invitations_of(organisation) -> list[Invitation]:
    return [
        invitation
        for invitation in organisation.invitations.filter(
            status=Invitation.Status.PENDING
        ).order_by("-created_at")
        if invitation.is_open
    ]


def invitation_token(invitation) -> str:
    return signing.dumps(invitation.key, salt=INVITATION_SALT)


def invitation_from_token(token: str, *, max_age) -> Invitation | None:
    """The invitation a link names, or None when the link is forged, garbled or expired."""
    try:
        key = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is one too
        return None
    return Invitation.objects.filter(key=key).select_related("organisation").first()


def latest_verification_request(organisation) -> VerificationRequest | None:
    return organisation.verification_requests.order_by("-created_at", "-pk").first()


def has_pending_verification(organisation) -> bool:
    return organisation.verification_requests.filter(
        status=VerificationRequest.Status.PENDING
    ).exists()


def verification_requests_for_moderators(status: str = VerificationRequest.Status.PENDING):
    return (
        VerificationRequest.objects.filter(status=status)
        .select_related("organisation", "requested_by", "decided_by")
        .prefetch_related(Prefetch("documents", VerificationDocument.objects.order_by("pk")))
        .order_by("created_at", "pk")
    )


def verification_request_for_review(pk: int) -> VerificationRequest | None:
    return (
        VerificationRequest.objects.filter(pk=pk)
        .select_related("organisation", "requested_by", "decided_by")
        .prefetch_related("documents")
        .first()
    )


def organisations_without_representative():
    """Organisations whose last representative's account was deleted: moderators see them."""
    representatives = Membership.objects.filter(
        organisation=OuterRef("pk"), role=Role.REPRESENTATIVE
    )
    return Organisation.objects.exclude(Exists(representatives)).order_by("name", "pk")


def document_by_pk(pk: int) -> VerificationDocument | None:
    return (
        VerificationDocument.objects.filter(pk=pk).select_related("request__organisation").first()
    )


def representatives_of(organisation):
    """The accounts that speak for the organisation."""
    return get_user_model().objects.filter(
        organisation_memberships__organisation=organisation,
        organisation_memberships__role=Role.REPRESENTATIVE,
    )
