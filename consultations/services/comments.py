"""Writing in a consultation's discussion: posting, editing, withdrawing and endorsing comments.

Each function checks `rules.can`, writes in one transaction, keeps the stored counters and
records the live event (`live.live_event_record`) in that same transaction, so the broadcast
after commit reports only what was saved. The counters count what was posted: a withdrawn or
hidden comment stays in its thread as a placeholder and keeps its place in the counts.

Refusals are exceptions a view turns into a message: ValidationError (what to change),
PermissionDenied (not allowed here), CommentRateLimited (too many, try later).
"""

import datetime
import uuid

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from civic_platform.organisations.models import Membership, Organisation
from civic_platform.page_cache import page_cache_invalidate_paths
from civic_platform.sanitiser import sanitise_user_html
from consultations import rules
from consultations.choices import (
    RESPONDENT_ORGANISATION_KINDS,
    CommentStatus,
    ConsultationStatus,
    LiveEventType,
    RespondentType,
    Stance,
)
from consultations.live import live_event_record
from consultations.models import (
    Comment,
    CommentRevision,
    ConsultationPage,
    ConsultationSection,
    Endorsement,
    SectionTally,
)
from consultations.selectors import discussion_cache_paths
from consultations.services.tallies import tally_add
from search.services import search_changed


class CommentRateLimited(Exception):
    """Over the number of comments a person may post in a minute or a day (HTTP 429)."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


def _refuse_posting(consultation: ConsultationPage, author) -> None:
    if rules.can(author, rules.POST, consultation):
        return
    status = consultation.status
    if status == ConsultationStatus.UPCOMING:
        raise PermissionDenied(_("This consultation is not open for comments yet."))
    if status == ConsultationStatus.CLOSED:
        raise PermissionDenied(_("This consultation is closed: comments are no longer accepted."))
    if not author.is_authenticated:
        raise PermissionDenied(_("Sign in to comment."))
    raise PermissionDenied(
        _("Only signed-in participants with a verified email address may comment.")
    )


def _rate_limit(author) -> None:
    """Count one comment against the author's minute and day, in the shared cache: incr is one
    atomic Redis command, so the limits hold exactly however many workers serve the posts."""
    now = int(timezone.now().timestamp())
    windows = (
        (60, settings.CONSULTATION_COMMENTS_PER_MINUTE, "minute"),
        (86400, settings.CONSULTATION_COMMENTS_PER_DAY, "day"),
    )
    for seconds, limit, name in windows:
        bucket = now // seconds
        key = f"consultations:comment-rate:{name}:{author.pk}:{bucket}"
        cache.add(key, 0, timeout=seconds + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: this is the first in a new window
            cache.add(key, 1, timeout=seconds + 5)
            count = 1
        if count > limit:
            retry_after = (bucket + 1) * seconds - now
            if name == "minute":
                message = _(
                    "You have posted %(limit)d comments in the last minute. Please wait "
                    "%(seconds)d seconds before posting again."
                ) % {"limit": limit, "seconds": retry_after}
            else:
                message = _(
                    "You have posted %(limit)d comments today, the most allowed in a day. "
                    "You can post again tomorrow."
                ) % {"limit": limit}
            raise CommentRateLimited(message, retry_after=retry_after)


def _section_key(consultation: ConsultationPage, section) -> uuid.UUID | None:
    if section in (None, ""):
        return None
    try:
        key = section if isinstance(section, uuid.UUID) else uuid.UUID(str(section))
    except ValueError:
        key = None
    if key is None or not (
        ConsultationSection.objects.filter(page=consultation, translation_key=key).exists()
    ):
        raise ValidationError({"section": _("This section is not part of the consultation.")})
    return key


def _as_id(value) -> int | None:
    """A database id from a form or the API, or None for anything that cannot be one."""
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 19:
        number = int(value)
    else:
        return None
    return number if 0 < number < 2**62 else None


def _top_level_parent(consultation: ConsultationPage, parent) -> Comment | None:
    if parent in (None, ""):
        return None
    if not isinstance(parent, Comment):
        parent_id = _as_id(parent)
        parent = (
            Comment.objects.filter(pk=parent_id, consultation=consultation).first()
            if parent_id
            else None
        )
    if parent is None or parent.consultation_id != consultation.pk:
        raise ValidationError({"parent": _("The comment you reply to is not in this discussion.")})
    if parent.parent_id is not None:
        # A reply to a reply is filed under the same top-level comment: threads are one deep.
        parent = Comment.objects.get(pk=parent.parent_id)
    if parent.status != CommentStatus.VISIBLE:
        raise ValidationError({"parent": _("This comment no longer takes replies.")})
    return parent


def _speaking_for(author, respondent_type: str, organisation) -> Organisation | None:
    if respondent_type not in RespondentType.values:
        raise ValidationError({"respondent_type": _("Choose who you are commenting as.")})
    kind = RESPONDENT_ORGANISATION_KINDS.get(respondent_type)
    if kind is None:
        return None
    memberships = Organisation.objects.verified().filter(
        kind=kind,
        pk__in=Membership.objects.filter(user=author).values("organisation_id"),
    )
    if organisation not in (None, ""):
        organisation_id = (
            organisation.pk if isinstance(organisation, Organisation) else _as_id(organisation)
        )
        chosen = memberships.filter(pk=organisation_id).first() if organisation_id else None
        if chosen is None:
            raise ValidationError(
                {
                    "organisation": _(
                        "You can speak only for a verified organisation of this kind that you "
                        "are a member of."
                    )
                }
            )
        return chosen
    candidates = list(memberships.order_by("name")[:2])
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise ValidationError(
            {
                "respondent_type": _(
                    "Only a member of a verified organisation of this kind can comment as one."
                )
            }
        )
    raise ValidationError({"organisation": _("Choose the organisation you speak for.")})


def _refuse_duplicate(author, body: str) -> None:
    since = timezone.now() - datetime.timedelta(seconds=settings.CONSULTATION_DUPLICATE_SECONDS)
    if Comment.objects.filter(author=author, body=body, created_at__gte=since).exists():
        raise ValidationError(
            {
                "body": _(
                    "You posted this same text a few minutes ago. Write something new, or edit "
                    "the comment you posted."
                )
            }
        )


def _lock_author(author) -> None:
    """Serialise one person's posts, so the duplicate check sees the other post's row."""
    list(get_user_model().objects.select_for_update().filter(pk=author.pk).values_list("pk"))


def _drop_cached_pages(consultation: ConsultationPage) -> None:
    # Before the live event: callbacks run in order at commit, so a page that fetches or
    # reloads on the broadcast is not answered from the cache of the moment before.
    page_cache_invalidate_paths(discussion_cache_paths(consultation))


@transaction.atomic
def comment_create(
    *,
    consultation: ConsultationPage,
    author,
    body: str,
    section_key=None,
    parent=None,
    stance: str = "",
    respondent_type: str = RespondentType.CITIZEN,
    organisation=None,
) -> Comment:
    _refuse_posting(consultation, author)
    errors = {}
    try:
        clean_body = sanitise_user_html(
            body, max_characters=settings.CONSULTATION_COMMENT_MAX_CHARACTERS
        )
    except ValidationError as error:
        errors["body"] = error.messages
    stance = stance or ""
    if stance and stance not in Stance.values:
        errors["stance"] = [_("Choose one of the stances offered.")]
    top = section = speaking_for = None
    try:
        top = _top_level_parent(consultation, parent)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        section = _section_key(consultation, section_key)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        speaking_for = _speaking_for(author, respondent_type, organisation)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    if top is not None:
        # A reply belongs to the part of the draft its thread is about.
        section = top.section_key
    _lock_author(author)
    _refuse_duplicate(author, clean_body)
    _rate_limit(author)

    comment = Comment(
        consultation=consultation,
        author=author,
        body=clean_body,
        section_key=section,
        parent=top,
        stance=stance,
        respondent_type=respondent_type,
        organisation=speaking_for,
    )
    comment.full_clean()
    comment.save()

    tally_add(consultation_id=consultation.pk, comment_count=1, top_level_count=0 if top else 1)
    if section is not None:
        SectionTally.objects.get_or_create(consultation=consultation, section_key=section)
        SectionTally.objects.filter(consultation=consultation, section_key=section).update(
            comment_count=F("comment_count") + 1
        )
    if top is not None:
        Comment.objects.filter(pk=top.pk).update(reply_count=F("reply_count") + 1)
    search_changed(instances=[comment])
    _drop_cached_pages(consultation)
    live_event_record(
        consultation_id=consultation.pk, type=LiveEventType.COMMENT_CREATED, comment=comment
    )
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, user, body: str) -> Comment:
    comment = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
    if not rules.can(user, rules.EDIT, comment):
        if comment.author_id == getattr(user, "pk", None) and comment.is_visible:
            raise PermissionDenied(_("A comment can be edited only within 15 minutes of posting."))
        raise PermissionDenied(_("You cannot edit this comment."))
    try:
        clean_body = sanitise_user_html(
            body, max_characters=settings.CONSULTATION_COMMENT_MAX_CHARACTERS
        )
    except ValidationError as error:
        raise ValidationError({"body": error.messages}) from error
    if clean_body == comment.body:
        return comment
    CommentRevision.objects.create(comment=comment, body=comment.body)
    comment.body = clean_body
    comment.edited_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["body", "edited_at"])
    search_changed(instances=[comment])
    _drop_cached_pages(comment.consultation)
    live_event_record(
        consultation_id=comment.consultation_id,
        type=LiveEventType.COMMENT_UPDATED,
        comment=comment,
    )
    return comment


@transaction.atomic
def comment_withdraw(*, comment: Comment, user) -> Comment:
    comment = Comment.objects.select_for_update().select_related("consultation").get(pk=comment.pk)
    if not rules.can(user, rules.WITHDRAW, comment):
        raise PermissionDenied(_("Only the author can withdraw a comment."))
    comment.status = CommentStatus.WITHDRAWN
    comment.save(update_fields=["status"])
    search_changed(instances=[comment])
    _drop_cached_pages(comment.consultation)
    live_event_record(
        consultation_id=comment.consultation_id,
        type=LiveEventType.COMMENT_WITHDRAWN,
        comment=comment,
    )
    return comment


def _endorsement_changed(comment: Comment, delta: int) -> Comment:
    Comment.objects.filter(pk=comment.pk).update(endorsement_count=F("endorsement_count") + delta)
    comment.refresh_from_db(fields=["endorsement_count"])
    _drop_cached_pages(comment.consultation)
    live_event_record(
        consultation_id=comment.consultation_id, type=LiveEventType.ENDORSEMENTS, comment=comment
    )
    return comment


@transaction.atomic
def endorsement_add(*, comment: Comment, user) -> Comment:
    """Endorse `comment` once; endorsing again changes nothing."""
    comment = Comment.objects.select_related("consultation").get(pk=comment.pk)
    if not rules.can(user, rules.ENDORSE, comment):
        if comment.author_id == getattr(user, "pk", None):
            raise PermissionDenied(_("You cannot endorse your own comment."))
        raise PermissionDenied(_("You cannot endorse this comment."))
    try:
        with transaction.atomic():
            Endorsement.objects.create(comment=comment, user=user)
    except IntegrityError:
        return comment
    return _endorsement_changed(comment, +1)


@transaction.atomic
def endorsement_remove(*, comment: Comment, user) -> Comment:
    comment = Comment.objects.select_related("consultation").get(pk=comment.pk)
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to change your endorsement."))
    deleted, _kinds = Endorsement.objects.filter(comment=comment, user=user).delete()
    if not deleted:
        return comment
    return _endorsement_changed(comment, -1)
