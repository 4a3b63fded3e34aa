"""Official answers: the owning body's representatives (or a dialogue session's moderator) mark
a comment accepted, partly accepted, rejected or noted, with a reason.

An answer may be changed; its earlier wording is kept in Wagtail's audit log (the entry of the
change holds the outcome and reason it replaced), so a body cannot quietly rewrite what it
said. Each answer is pushed live and counted in the consultation's stored tally (`answered_count`:
comments that received an answer, counted once), and the comment's author is notified of the
first answer.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from civic_platform.notifications.services import event_record
from civic_platform.page_cache import page_cache_invalidate
from civic_platform.sanitiser import sanitise_user_html
from consultations import rules
from consultations.choices import AnswerOutcome, CommentStatus, LiveEventType
from consultations.live import live_event_record
from consultations.models import Comment, OfficialAnswer
from consultations.notifications import ANSWER_GIVEN
from consultations.services.tallies import tally_add
from search.services import search_changed

# An answer is a reasoned paragraph or a few, not a document.
ANSWER_MAX_CHARACTERS = 5000

LOG_ANSWER_GIVEN = "consultations.answer_given"
LOG_ANSWER_CHANGED = "consultations.answer_changed"


def _clean_reason(reason: str) -> str:
    """The reason as safe HTML, through the project's one sanitiser, with the answer's own
    length limit and messages."""
    try:
        return sanitise_user_html(reason, max_characters=ANSWER_MAX_CHARACTERS)
    except ValidationError as error:
        if error.code == "too_long":
            message = _("Keep the reason within %(limit)s characters.") % {
                "limit": ANSWER_MAX_CHARACTERS
            }
        else:
            message = _("Give the reason for the answer.")
        raise ValidationError({"reason": message}) from error


@transaction.atomic
def answer_give(*, comment: Comment, user, outcome: str, reason: str) -> OfficialAnswer:
    """Give (or change) the official answer to `comment`. Refused to anyone `rules.can` does
    not allow to ANSWER, for a comment that is not visible, and for an unknown outcome or an
    empty reason."""
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("consultation")
        .get(pk=comment.pk)
    )
    consultation = comment.consultation
    if not rules.can(user, rules.ANSWER, consultation):
        raise PermissionDenied(_("You may not answer comments on this consultation."))
    if comment.status != CommentStatus.VISIBLE:
        raise ValidationError(_("Only a visible comment can be answered."))
    if outcome not in AnswerOutcome.values:
        raise ValidationError(
            {
                "outcome": _("Choose one of: %(choices)s.")
                % {"choices": ", ".join(AnswerOutcome.values)}
            }
        )
    cleaned = _clean_reason(reason)

    answer = OfficialAnswer.objects.filter(comment=comment).first()
    if answer is None:
        answer = OfficialAnswer.objects.create(
            comment=comment,
            outcome=outcome,
            reason=cleaned,
            organisation_id=consultation.owner_organisation_id,
            answered_by=user,
        )
        tally_add(consultation_id=consultation.pk, answered_count=1)
        log(
            instance=answer,
            action=LOG_ANSWER_GIVEN,
            user=user,
            data={"comment": comment.pk, "outcome": outcome},
        )
        event_record(
            kind=ANSWER_GIVEN,
            occurrence=answer,
            dedupe_key=f"{ANSWER_GIVEN}:{comment.pk}",
            actor=user,
        )
    elif (answer.outcome, answer.reason) != (outcome, cleaned):
        log(
            instance=answer,
            action=LOG_ANSWER_CHANGED,
            user=user,
            data={
                "comment": comment.pk,
                "previous_outcome": answer.outcome,
                "previous_reason": answer.reason,
                "outcome": outcome,
            },
        )
        answer.outcome = outcome
        answer.reason = cleaned
        answer.answered_by = user
        answer.updated_at = timezone.now()
        answer.save(update_fields=["outcome", "reason", "answered_by", "updated_at"])
    else:
        return answer  # the same answer again changes nothing

    search_changed(instances=[answer])
    live_event_record(consultation_id=consultation.pk, type=LiveEventType.ANSWER, comment=comment)
    # The outcome report and the exports show answers to visitors without a session too.
    page_cache_invalidate()
    return answer
