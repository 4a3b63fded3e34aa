"""The one JSON shape of a comment, shared by the API, the catch-up and the live messages, so a
page renders the same comment the same way whichever way it arrived (README, "Live discussion").

The text of a hidden or withdrawn comment never leaves the server: its payload is a placeholder.
"""

from django.utils.crypto import salted_hmac

from civic_platform.accounts.authorship import author_name
from consultations.models import Comment, OfficialAnswer


def answer_payload(answer: OfficialAnswer | None) -> dict | None:
    if answer is None:
        return None
    return {
        "outcome": answer.outcome,
        "outcome_label": str(answer.get_outcome_display()),
        "reason_html": answer.reason,
        "organisation": answer.organisation.name,
        "answered_at": answer.answered_at.isoformat(),
    }


def author_key(consultation_id: int, user_id: int | None) -> str | None:
    """An opaque name of a comment's author within one discussion, so a page can tell the
    viewer's own comments from others' in a payload shared by every viewer (README, "Live
    discussion"). Keyed with SECRET_KEY and the consultation: it reveals neither the account
    nor the email, and does not link a person's comments across consultations."""
    if user_id is None:
        return None
    return salted_hmac("consultations.author_key", f"{consultation_id}:{user_id}").hexdigest()[:24]


def comment_payload(comment: Comment) -> dict:
    """Needs the comment with `author__profile`, `organisation` and `answer__organisation`
    selected, so a list of them costs no query per comment."""
    shown = comment.is_visible
    try:
        answer = comment.answer
    except OfficialAnswer.DoesNotExist:
        answer = None
    return {
        "id": comment.pk,
        "event_id": comment.event_id,
        "parent": comment.parent_id,
        "section": str(comment.section_key) if comment.section_key else None,
        "status": comment.status,
        "author": author_name(comment.author) if shown else None,
        "author_key": author_key(comment.consultation_id, comment.author_id) if shown else None,
        "respondent_type": comment.respondent_type,
        "organisation": comment.organisation.name if shown and comment.organisation else None,
        "stance": comment.stance or None,
        "body_html": comment.body if shown else "",
        "hidden_reason": comment.hidden_reason if not shown else "",
        "created_at": comment.created_at.isoformat(),
        "edited_at": comment.edited_at.isoformat() if comment.edited_at else None,
        "pinned": comment.pinned_at is not None,
        "replies": comment.reply_count,
        "endorsements": comment.endorsement_count,
        "answer": answer_payload(answer) if shown else None,
    }
