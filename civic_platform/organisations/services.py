"""Writes of organisations: profiles, members and invitations, verification.

Keyword-only, each in one transaction, checked (`full_clean`, the permissions in rules.py)
before it writes. Three of them are where notifications will hook in: `invitation_create`
(an invitation sent), `invitation_accept` (a member joined) and `verification_request_decide`
(verification decided).
"""

import datetime

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from civic_platform.notifications.services import event_record
from civic_platform.organisations import rules
from civic_platform.organisations.models.organisation import (
    DOCUMENT_MAX_BYTES,
    DOCUMENT_TYPES,
    DOCUMENTS_PER_REQUEST,
    RESERVED_SLUGS,
    Invitation,
    Membership,
    Organisation,
    Role,
    VerificationDocument,
    VerificationRequest,
)
from civic_platform.organisations.notifications import MEMBER_JOINED, VERIFICATION_DECIDED
from civic_platform.organisations.selectors import (
    has_pending_verification,
    invitation_token,
    representative_count,
    verified_emails,
)
from civic_platform.page_cache import page_cache_invalidate

INVITATION_LIFETIME = datetime.timedelta(days=7)
PROFILE_FIELDS = (
    "name",
    "kind",
    "registration_number",
    "legal_form",
    "fields_of_work",
    "region",
    "website",
    "email",
    "phone",
    "address",
    "logo",
    "description",
)
LOG_APPROVED = "organisations.verification_approved"
LOG_REJECTED = "organisations.verification_rejected"

# Latin transliteration of Azerbaijani and Russian letters for addresses, which stay ASCII.
_TRANSLITERATION = str.maketrans(
    {
        "ə": "e", "Ə": "e", "ı": "i", "İ": "i", "ş": "sh", "Ş": "sh", "ç": "ch", "Ç": "ch",
        "ğ": "gh", "Ğ": "gh", "ö": "o", "Ö": "o", "ü": "u", "Ü": "u",
        "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
        "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
        "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
        "я": "ya",
    }
)  # fmt: skip


def _unique_slug(name: str, *, exclude_pk=None) -> str:
    base = slugify(name.lower().translate(_TRANSLITERATION))[:70].strip("-") or "organisation"
    if base in RESERVED_SLUGS:
        base = f"{base}-organisation"
    taken = set(
        Organisation.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _require(user, action, organisation=None) -> None:
    if not rules.can(user, action, organisation):
        raise PermissionDenied(_("You may not do this for this organisation."))


# --- Profiles --------------------------------------------------------------------------------


@transaction.atomic
def organisation_create(*, user, **fields) -> Organisation:
    """A new organisation, with the person who created it as its first representative."""
    _require(user, rules.CREATE_ORGANISATION)
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown organisation fields: {sorted(unknown)}")
    organisation = Organisation(**fields)
    organisation.slug = _unique_slug(organisation.name)
    organisation.full_clean()
    organisation.save()
    Membership.objects.create(organisation=organisation, user=user, role=Role.REPRESENTATIVE)
    rules.forget_roles(user)
    return organisation


@transaction.atomic
def organisation_update(*, organisation, user, **fields) -> Organisation:
    _require(user, rules.CHANGE_PROFILE, organisation)
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown organisation fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    if organisation.is_verified:
        page_cache_invalidate()
    return organisation


# --- Members and invitations -----------------------------------------------------------------


def _send_invitation(invitation, *, link_base: str, language: str) -> None:
    with translation.override(language):
        path = reverse("organisations:invitation", args=[invitation_token(invitation)])
        context = {
            "invitation": invitation,
            "organisation": invitation.organisation,
            "link": link_base.rstrip("/") + path,
            "days": INVITATION_LIFETIME.days,
        }
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _(
            "Invitation to join %(organisation)s"
        ) % {"organisation": invitation.organisation.name}
        body = render_to_string("organisations/emails/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])


@transaction.atomic
def invitation_create(
    *, organisation, invited_by, email: str, role: str = Role.MEMBER, link_base: str
) -> Invitation:
    """Invite someone by email: they get a signed link valid for a week.

    Notifications hook here: "an invitation was sent".
    """
    _require(invited_by, rules.INVITE_MEMBERS, organisation)
    email = email.strip()
    if organisation.memberships.filter(user__emailaddress__email__iexact=email).exists():
        raise ValidationError({"email": _("This person is already a member.")})
    # A new invitation replaces an earlier open one to the same address.
    organisation.invitations.filter(email__iexact=email, status=Invitation.Status.PENDING).update(
        status=Invitation.Status.WITHDRAWN, answered_at=timezone.now()
    )
    invitation = Invitation(
        organisation=organisation,
        email=email,
        role=role,
        invited_by=invited_by,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    invitation.full_clean()
    invitation.save()
    language = translation.get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(
        lambda: _send_invitation(invitation, link_base=link_base, language=language)
    )
    return invitation


@transaction.atomic
def invitation_withdraw(*, invitation, by) -> None:
    _require(by, rules.INVITE_MEMBERS, invitation.organisation)
    if invitation.status == Invitation.Status.PENDING:
        invitation.status = Invitation.Status.WITHDRAWN
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["status", "answered_at"])


def _check_invitee(invitation, user) -> None:
    if not invitation.is_open:
        raise ValidationError(_("This invitation has expired or was already answered."))
    if invitation.email.lower() not in verified_emails(user):
        raise ValidationError(
            _(
                "This invitation was sent to %(email)s. Sign in with that address, or add it to "
                "your account and confirm it, to answer."
            )
            % {"email": invitation.email}
        )


@transaction.atomic
def invitation_accept(*, invitation, user) -> Membership:
    """The invitee joins with the role they were invited to.

    The organisation's representatives are notified.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _check_invitee(invitation, user)
    membership, created = Membership.objects.get_or_create(
        organisation=invitation.organisation, user=user, defaults={"role": invitation.role}
    )
    if not created and invitation.role == Role.REPRESENTATIVE:
        membership.role = Role.REPRESENTATIVE
        membership.save(update_fields=["role"])
    invitation.status = Invitation.Status.ACCEPTED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])
    rules.forget_roles(user)
    if created:
        event_record(
            kind=MEMBER_JOINED,
            occurrence=membership,
            dedupe_key=f"{MEMBER_JOINED}/{membership.pk}",
            actor=user,
        )
    return membership


@transaction.atomic
def invitation_decline(*, invitation, user) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _check_invitee(invitation, user)
    invitation.status = Invitation.Status.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at"])


def _keeps_a_representative(membership) -> None:
    if membership.is_representative and representative_count(membership.organisation) <= 1:
        raise ValidationError(
            _(
                "An organisation needs at least one representative: make another member a "
                "representative first."
            )
        )


@transaction.atomic
def membership_role_change(*, membership, role: str, by) -> Membership:
    _require(by, rules.MANAGE_MEMBERS, membership.organisation)
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if role != Role.REPRESENTATIVE:
        _keeps_a_representative(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    rules.forget_roles(membership.user)
    return membership


def _membership_delete(membership) -> None:
    shown = membership.shown_publicly
    organisation = membership.organisation
    membership.delete()
    if shown and organisation.is_verified:
        page_cache_invalidate()


@transaction.atomic
def membership_remove(*, membership, by) -> None:
    _require(by, rules.MANAGE_MEMBERS, membership.organisation)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _keeps_a_representative(membership)
    _membership_delete(membership)


@transaction.atomic
def membership_leave(*, membership) -> None:
    """A member leaves; the last representative cannot."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    _keeps_a_representative(membership)
    _membership_delete(membership)
    rules.forget_roles(membership.user)


@transaction.atomic
def membership_visibility_update(*, membership, shown_publicly: bool, public_name: str):
    membership.shown_publicly = shown_publicly
    membership.public_name = public_name.strip()
    membership.full_clean()
    membership.save(update_fields=["shown_publicly", "public_name"])
    if membership.organisation.is_verified:
        page_cache_invalidate()
    return membership


@transaction.atomic
def user_removed(*, user) -> list[Organisation]:
    """What account deletion does to a person's memberships: they are removed.

    An organisation whose last representative this was is left without one, on purpose and
    visibly: moderators see it under "Organisations without a representative" in the admin.
    Their open invitations are withdrawn. Returns the organisations left without one.
    """
    memberships = list(
        Membership.objects.select_for_update().filter(user=user).select_related("organisation")
    )
    orphaned = [
        membership.organisation
        for membership in memberships
        if membership.is_representative and representative_count(membership.organisation) <= 1
    ]
    Membership.objects.filter(pk__in=[m.pk for m in memberships]).delete()
    Invitation.objects.filter(
        email__in=verified_emails(user), status=Invitation.Status.PENDING
    ).update(status=Invitation.Status.WITHDRAWN, answered_at=timezone.now())
    if any(m.shown_publicly for m in memberships):
        page_cache_invalidate()
    return orphaned


# --- Verification ----------------------------------------------------------------------------


def _check_document(upload) -> str:
    """The document's type, after checking its size, its extension and its first bytes."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if upload.size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("%(name)s is %(size)s MB; a document may be at most %(limit)s MB.")
            % {
                "name": name,
                "size": round(upload.size / 1024 / 1024, 1),
                "limit": DOCUMENT_MAX_BYTES // 1024 // 1024,
            }
        )
    expected = DOCUMENT_TYPES.get(extension)
    upload.seek(0)
    found = filetype.guess_mime(upload.read(2048))
    upload.seek(0)
    if expected is None or found != expected:
        raise ValidationError(_("%(name)s is not a PDF, JPEG or PNG file.") % {"name": name})
    return expected


@transaction.atomic
def verification_request_create(
    *, organisation, user, documents, message: str = ""
) -> VerificationRequest:
    """A representative asks the moderators to verify the organisation, with documents."""
    _require(user, rules.REQUEST_VERIFICATION, organisation)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if organisation.is_verified:
        raise ValidationError(_("This organisation is already verified."))
    if has_pending_verification(organisation):
        raise ValidationError(_("A request is already waiting for the moderators' decision."))
    documents = list(documents)
    if not documents:
        raise ValidationError({"documents": _("Attach at least one document.")})
    if len(documents) > DOCUMENTS_PER_REQUEST:
        raise ValidationError(
            {
                "documents": _("Attach at most %(count)s documents.")
                % {"count": DOCUMENTS_PER_REQUEST}
            }
        )
    types = [_check_document(upload) for upload in documents]
    verification_request = VerificationRequest(
        organisation=organisation, requested_by=user, message=message.strip()
    )
    verification_request.full_clean()
    verification_request.save()
    for upload, content_type in zip(documents, types, strict=True):
        VerificationDocument.objects.create(
            request=verification_request,
            file=upload,
            original_name=(upload.name or "")[-200:],
            content_type=content_type,
            size=upload.size,
        )
    return verification_request


@transaction.atomic
def verification_request_decide(
    *, verification_request, moderator, approve: bool, reason: str = ""
) -> VerificationRequest:
    """A moderator approves or rejects; a rejection needs a reason. The decision is stored on
    the request and in Wagtail's audit log; a rejected organisation may apply again.

    The organisation's representatives are notified.
    """
    _require(moderator, rules.DECIDE_VERIFICATION, verification_request.organisation)
    verification_request = VerificationRequest.objects.select_for_update().get(
        pk=verification_request.pk
    )
    if verification_request.status != VerificationRequest.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    reason = reason.strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    now = timezone.now()
    verification_request.status = (
        VerificationRequest.Status.APPROVED if approve else VerificationRequest.Status.REJECTED
    )
    verification_request.decided_at = now
    verification_request.decided_by = moderator
    verification_request.reason = reason
    verification_request.full_clean()
    verification_request.save()
    if approve:
        # Saved, not updated in bulk: whoever follows organisations' writes (search) hears of it.
        verified = verification_request.organisation
        verified.verified_at = now
        verified.save(update_fields=["verified_at"])
        page_cache_invalidate()
    log(
        instance=verification_request,
        action=LOG_APPROVED if approve else LOG_REJECTED,
        user=moderator,
        data={"organisation": verification_request.organisation.name, "reason": reason},
    )
    event_record(
        kind=VERIFICATION_DECIDED,
        occurrence=verification_request,
        dedupe_key=f"{VERIFICATION_DECIDED}/{verification_request.pk}",
        actor=moderator,
    )
    return verification_request
