"""Who may do what with an organisation: every permission named once, decided here.

Views, the admin and services ask `can(user, ACTION, organisation)`; a test walks every role
against every action (tests/organisations/test_rules.py).
"""

from civic_platform.organisations.models.organisation import Membership, Role

CREATE_ORGANISATION = "organisations.create"
VIEW_UNVERIFIED = "organisations.view_unverified"
CHANGE_PROFILE = "organisations.change_profile"
INVITE_MEMBERS = "organisations.invite"
MANAGE_MEMBERS = "organisations.manage_members"
LEAVE = "organisations.leave"
REQUEST_VERIFICATION = "organisations.request_verification"
DECIDE_VERIFICATION = "organisations.decide_verificationrequest"
DOWNLOAD_DOCUMENTS = "organisations.download_documents"

# Django permission held by the Moderators group (granted by migration 0002).
DECIDE_VERIFICATION_PERMISSION = "organisations.decide_verificationrequest"

MODERATOR = "moderator"


def is_moderator(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm(DECIDE_VERIFICATION_PERMISSION))
    )


def role_in(user, organisation) -> str | None:
    """The user's role in the organisation, or None; read once per user and organisation."""
    if not user.is_authenticated or organisation is None or organisation.pk is None:
        return None
    cache = user.__dict__.setdefault("_organisation_roles", {})
    if organisation.pk not in cache:
        cache[organisation.pk] = (
            Membership.objects.filter(organisation=organisation, user=user)
            .values_list("role", flat=True)
            .first()
        )
    return cache[organisation.pk]


def forget_roles(user) -> None:
    """After a change of membership the user's roles are read again."""
    user.__dict__.pop("_organisation_roles", None)


_MEMBERS = {Role.REPRESENTATIVE, Role.MEMBER}
_REPRESENTATIVES = {Role.REPRESENTATIVE}

# Which roles may do each action; MODERATOR stands for anyone with the moderators' permission.
ALLOWED = {
    VIEW_UNVERIFIED: _MEMBERS | {MODERATOR},
    CHANGE_PROFILE: _REPRESENTATIVES,
    INVITE_MEMBERS: _REPRESENTATIVES,
    MANAGE_MEMBERS: _REPRESENTATIVES,
    LEAVE: _MEMBERS,
    REQUEST_VERIFICATION: _REPRESENTATIVES,
    DECIDE_VERIFICATION: {MODERATOR},
    DOWNLOAD_DOCUMENTS: {MODERATOR},
}


def can(user, action: str, organisation=None) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if action == CREATE_ORGANISATION:
        return True
    allowed = ALLOWED[action]
    if MODERATOR in allowed and is_moderator(user):
        return True
    return role_in(user, organisation) in allowed
