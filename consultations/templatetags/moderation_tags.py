"""A comment's controls for whoever may use them: report it, answer it (the owning body's
representatives, a session's moderator), pin it (a session's moderator), hide it (moderators,
through the admin's review of the comment). Plain links and a POST
form, so they work without JavaScript; the discussion's templates place them under a comment
with `{% load moderation_tags %}{% comment_controls comment %}` (give the comments their
consultation, e.g. by select_related, so that a page of them costs no query per comment).
"""

from django import template

from consultations import rules

register = template.Library()


@register.inclusion_tag("consultations/includes/comment_controls.html", takes_context=True)
def comment_controls(context, comment):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"comment": comment}
    consultation = comment.consultation
    visible = comment.status == "visible"
    return {
        "comment": comment,
        "may_report": rules.can(user, rules.REPORT, comment),
        "may_answer": visible and rules.can_in_request(user, rules.ANSWER, consultation),
        "may_pin": visible and rules.can_in_request(user, rules.PIN, consultation),
        "may_hide": visible and rules.can_in_request(user, rules.MODERATE, consultation),
        "request": request,
    }
