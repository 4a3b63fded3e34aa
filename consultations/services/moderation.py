"""Moderation: people report comments; enough open reports hide a comment until a moderator
decides; moderators hide (with a public reason), restore, or block an author. Every decision
is in Wagtail's audit log and pushed live; a hidden comment stays in the thread as a
placeholder (payloads.comment_payload)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from civic_platform.page_cache import page_cache_invalidate
from consultations import rules
from consultations.choices import CommentStatus, LiveEventType
from consultations.live import live_event_record
from consultations.models import AuthorBlock, Comment, CommentReport
from search.services import search_changed

# Open reports by different people after which a comment waits, hidden, for a moderator.
REPORTS_TO_HIDE = 3
REASON_MAX_CHARACTERS = 500

LOG_HIDDEN = "consultations.comment_hidden"
LOG_RESTORED = "consultations.comment_restored"
LOG_AUTHOR_BLOCKED = "consultations.author_blocked"
LOG_AUTO_HIDDEN = "consultations.comment_hidden_pending_review"


def _clean_reason(reason: str, *, field: str = "reason") -> str:
    text = " ".join((reason or "").split())
    if not text:
        raise ValidationError({field: _("Give a reason.")})
    if len(text) > REASON_MAX_CHARACTERS:
        raise ValidationError(
            {
                field: _("Keep the reason within %(limit)s characters.")
                % {"limit": REASON_MAX_CHARACTERS}
            }
        )
    return text


def _locked(comment: Comment) -> Comment:
    return Comment.objects.select_for_update().get(pk=comment.pk)


def _resolve_reports(comment: Comment, *, now) -> None:
    CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=now)
    comment.report_count = 0


@transaction.atomic
def comment_report(*, comment: Comment, reporter, reason: str) -> CommentReport:
    """Report a comment with a reason, once per person. At the REPORTS_TO_HIDE-th open report
    the comment is hidden pending review, and pages replace it with a placeholder at once."""
    comment = _locked(comment)
    if not rules.can(reporter, rules.REPORT, comment):
        raise PermissionDenied(_("You may not report this comment."))
    reason = _clean_reason(reason)
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(comment=comment, reporter=reporter, reason=reason)
    except IntegrityError:
        raise ValidationError(_("You have already reported this comment.")) from None
    comment.report_count = CommentReport.objects.filter(
        comment=comment, resolved_at__isnull=True
    ).count()
    fields = ["report_count"]
    hide = comment.report_count >= REPORTS_TO_HIDE and comment.status == CommentStatus.VISIBLE
    if hide:
        comment.status = CommentStatus.PENDING_REVIEW
        fields.append("status")
    comment.save(update_fields=fields)
    if hide:
        search_changed(instances=[comment])
        log(instance=comment, action=LOG_AUTO_HIDDEN, data={"reports": comment.report_count})
        live_event_record(
            consultation_id=comment.consultation_id,
            type=LiveEventType.COMMENT_HIDDEN,
            comment=comment,
        )
        page_cache_invalidate()
    return report


@transaction.atomic
def comment_hide(*, comment: Comment, moderator, reason: str) -> Comment:
    """Hide a comment; `reason` is shown to everyone in its placeholder."""
    comment = _locked(comment)
    if not rules.can(moderator, rules.MODERATE, comment):
        raise PermissionDenied(_("Only moderators may do this."))
    if comment.status == CommentStatus.WITHDRAWN:
        raise ValidationError(_("The author has withdrawn this comment already."))
    reason = _clean_reason(reason)
    comment.status = CommentStatus.HIDDEN
    comment.hidden_reason = reason
    _resolve_reports(comment, now=timezone.now())
    comment.save(update_fields=["status", "hidden_reason", "report_count"])
    search_changed(instances=[comment])
    log(instance=comment, action=LOG_HIDDEN, user=moderator, data={"reason": reason})
    live_event_record(
        consultation_id=comment.consultation_id, type=LiveEventType.COMMENT_HIDDEN, comment=comment
    )
    page_cache_invalidate()
    return comment


@transaction.atomic
def comment_restore(*, comment: Comment, moderator) -> Comment:
    """Show a hidden comment again, or keep a reported one: its open reports are dismissed."""
    comment = _locked(comment)
    if not rules.can(moderator, rules.MODERATE, comment):
        raise PermissionDenied(_("Only moderators may do this."))
    if comment.status == CommentStatus.WITHDRAWN:
        raise ValidationError(_("The author has withdrawn this comment; it stays withdrawn."))
    was_hidden = comment.status != CommentStatus.VISIBLE
    comment.status = CommentStatus.VISIBLE
    comment.hidden_reason = ""
    _resolve_reports(comment, now=timezone.now())
    comment.save(update_fields=["status", "hidden_reason", "report_count"])
    log(instance=comment, action=LOG_RESTORED, user=moderator, data={"was_hidden": was_hidden})
    if was_hidden:
        search_changed(instances=[comment])
        live_event_record(
            consultation_id=comment.consultation_id,
            type=LiveEventType.COMMENT_RESTORED,
            comment=comment,
        )
        page_cache_invalidate()
    return comment


@transaction.atomic
def author_block(*, comment: Comment, moderator, reason: str) -> AuthorBlock:
    """Block the comment's author from commenting on any consultation, and hide the comment
    with the same reason (it is what the block is for)."""
    comment = _locked(comment)
    if not rules.can(moderator, rules.MODERATE, comment):
        raise PermissionDenied(_("Only moderators may do this."))
    reason = _clean_reason(reason)
    if comment.author_id is None:
        raise ValidationError(_("This comment's author has deleted their account."))
    if comment.author_id == moderator.pk:
        raise ValidationError(_("You cannot block yourself."))
    block, created = AuthorBlock.objects.get_or_create(
        user_id=comment.author_id, defaults={"reason": reason, "blocked_by": moderator}
    )
    if not created:
        raise ValidationError(_("This author is blocked already."))
    log(
        instance=block,
        action=LOG_AUTHOR_BLOCKED,
        user=moderator,
        data={"comment": comment.pk, "reason": reason},
    )
    if comment.status in (CommentStatus.VISIBLE, CommentStatus.PENDING_REVIEW):
        comment_hide(comment=comment, moderator=moderator, reason=reason)
    else:
        _resolve_reports(comment, now=timezone.now())
        comment.save(update_fields=["report_count"])
    return block
