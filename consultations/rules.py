"""Who may do what in a consultation's discussion: every action named once, decided here.

Views, the API, consumers, the admin and services ask `can(user, ACTION, obj)`; a test walks every
role (author, other user, NGO member, body representative, moderator, anonymous) against every
action. `obj` is the consultation (source page) for POST, ANSWER, PIN and EXPORT_FULL, and the
comment for the others.
"""

import datetime

from allauth.account.models import EmailAddress
from django.utils import timezone

from civic_platform.organisations.models import Membership, Role
from consultations.choices import CommentStatus, ConsultationKind, ConsultationStatus
from consultations.models import AuthorBlock, Comment, ConsultationPage

POST = "consultations.post"
EDIT = "consultations.edit"
WITHDRAW = "consultations.withdraw"
ENDORSE = "consultations.endorse"
REPORT = "consultations.report"
ANSWER = "consultations.answer"
MODERATE = "consultations.moderate"
PIN = "consultations.pin"
EXPORT_FULL = "consultations.export_full"

# Django permission held by the Moderators group: hide, restore, block authors.
MODERATE_PERMISSION = "consultations.moderate_comment"
# How long after posting the author may still change the text.
EDIT_WINDOW = datetime.timedelta(minutes=15)


def is_moderator(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm(MODERATE_PERMISSION))
    )


def may_take_part(user) -> bool:
    """Signed in, active, with a verified email address, and not blocked by a moderator."""
    if not user.is_authenticated or not user.is_active:
        return False
    cache = user.__dict__
    if "_may_take_part" not in cache:
        cache["_may_take_part"] = (
            EmailAddress.objects.filter(user=user, verified=True).exists()
            and not AuthorBlock.objects.filter(user=user).exists()
        )
    return cache["_may_take_part"]


def represents_owner(user, consultation: ConsultationPage) -> bool:
    """A representative of the verified body or municipality that owns the consultation."""
    if not user.is_authenticated or not user.is_active:
        return False
    return Membership.objects.filter(
        user=user,
        role=Role.REPRESENTATIVE,
        organisation_id=consultation.owner_organisation_id,
        organisation__verified_at__isnull=False,
    ).exists()


def _is_session_moderator(user, consultation: ConsultationPage) -> bool:
    """The moderator named on a dialogue session, who pins and answers its questions live."""
    return (
        consultation.kind == ConsultationKind.DIALOGUE_SESSION
        and user.is_authenticated
        and user.is_active
        and consultation.moderator_id == user.pk
    )


def can_in_request(user, action: str, consultation: ConsultationPage) -> bool:
    """`can` about a consultation (POST, ANSWER, PIN, EXPORT_FULL, MODERATE), remembered on the
    user object for the request: a page of comments, and the live client's hooks that name the
    same controls, ask once, not once per comment."""
    cache = user.__dict__.setdefault("_consultation_rules", {})
    key = (action, consultation.pk)
    if key not in cache:
        cache[key] = can(user, action, consultation)
    return cache[key]


def _is_author(user, comment: Comment) -> bool:
    return user.is_authenticated and comment.author_id == user.pk


def can(user, action: str, obj, *, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    if action == POST:
        return obj.status_at(now) == ConsultationStatus.OPEN and may_take_part(user)
    if action == ANSWER:
        return represents_owner(user, obj) or _is_session_moderator(user, obj)
    if action == PIN:
        return _is_session_moderator(user, obj) or (
            obj.kind == ConsultationKind.DIALOGUE_SESSION and is_moderator(user)
        )
    if action == EXPORT_FULL:
        return is_moderator(user) or represents_owner(user, obj)
    if action == MODERATE:
        return is_moderator(user)
    comment = obj
    visible = comment.status == CommentStatus.VISIBLE
    if action == EDIT:
        return (
            visible
            and _is_author(user, comment)
            and now - comment.created_at <= EDIT_WINDOW
            and comment.consultation.status_at(now) == ConsultationStatus.OPEN
            and may_take_part(user)
        )
    if action == WITHDRAW:
        return _is_author(user, comment) and comment.status != CommentStatus.WITHDRAWN
    if action in (ENDORSE, REPORT):
        return visible and not _is_author(user, comment) and may_take_part(user)
    raise ValueError(f"Unknown action {action!r}")
