"""Dialogue sessions (measure 5.6): the session's moderator pins the questions taken up live and
answers them (services.answers.answer_give), on the discussion's live machinery."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations import rules
from consultations.choices import CommentStatus, LiveEventType
from consultations.live import live_event_record
from consultations.models import Comment


@transaction.atomic
def comment_pin(*, comment: Comment, user, pinned: bool = True) -> Comment:
    """Pin a question (or unpin it with pinned=False); every open page moves it at once."""
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("consultation")
        .get(pk=comment.pk)
    )
    if not rules.can(user, rules.PIN, comment.consultation):
        raise PermissionDenied(_("Only the session's moderator may pin questions."))
    if pinned and comment.status != CommentStatus.VISIBLE:
        raise ValidationError(_("Only a visible comment can be pinned."))
    if (comment.pinned_at is not None) == pinned:
        return comment  # already as asked: nothing to push
    comment.pinned_at = timezone.now() if pinned else None
    comment.save(update_fields=["pinned_at"])
    live_event_record(
        consultation_id=comment.consultation_id, type=LiveEventType.PINNED, comment=comment
    )
    return comment
