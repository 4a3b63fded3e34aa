"""The discussion of a consultation page: the thread, its forms and the live client's hooks.
A tag, so the page template places it and the comments code owns what it shows.

Everything is server-rendered and works without JavaScript: the thread's pages are links with
a cursor, "show replies" is a link that opens one thread's replies, and the forms post to the
views in consultations/views.py. discussion.js then keeps the page live. The number of queries
does not depend on the number of comments.
"""

import uuid

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from civic_platform.accounts.authorship import author_name
from consultations import rules
from consultations.choices import CommentStatus, RespondentType, Stance
from consultations.payloads import author_key
from consultations.selectors import consultation_source
from consultations.thread import (
    NEWEST,
    OLDEST,
    ORDERS,
    endorsed_by,
    replies_page,
    respondent_options,
    thread_page,
)

register = template.Library()


def _positive_int(value) -> int | None:
    if value and value.isascii() and value.isdigit() and len(value) < 18:
        return int(value) or None
    return None


def _section_key(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None


def _live_labels() -> dict:
    """What discussion.js writes into comments it builds, in the page's language."""
    return {
        "respondent": {value: str(label) for value, label in RespondentType.choices},
        "stance": {value: str(label) for value, label in Stance.choices},
        "status": {value: str(label) for value, label in CommentStatus.choices},
        "edited": gettext("edited"),
        "endorsements": gettext("endorsements"),
        "withdrawn": gettext("This comment was withdrawn by its author."),
        "hidden": gettext("This comment is hidden by the moderators."),
        "answer": gettext("Answer"),
        "show_replies": gettext("Show replies"),
        "reply": gettext("Reply"),
        "your_reply": gettext("Your reply"),
        "publish_reply": gettext("Publish reply"),
        "endorse": gettext("Endorse"),
        "edit": gettext("Edit"),
        "withdraw": gettext("Withdraw"),
        "respondent_as": gettext("You comment as"),
        "viewers": gettext("Viewing now: %(count)s"),
        "give_answer": gettext("Answer"),
        "change_answer": gettext("Change the answer"),
        "pin": gettext("Pin"),
        "unpin": gettext("Unpin"),
        "hide": gettext("Hide"),
        "report": gettext("Report"),
        "take_back": gettext("Take back endorsement"),
        "section_withdrawn": gettext("no longer in the draft"),
    }


# A comment id no real comment has, replaced by "{id}" in the addresses given to discussion.js.
_ID_MARK = 987654321


def _address_pattern(name: str) -> str:
    return reverse(name, args=[_ID_MARK]).replace(str(_ID_MARK), "{id}")


def _viewer_controls(user, source) -> dict:
    """What discussion.js needs to give a comment that arrives live the controls of
    includes/comment_controls.html for this viewer: which of them the viewer may use in this
    consultation (the same rules.can answers, asked once) and where they lead. Reporting
    depends on the comment too (not one's own), which the script tells from author_key. The
    server decides every action again when it is used."""
    if user is None or not user.is_authenticated:
        return {}
    return {
        "may_answer": rules.can_in_request(user, rules.ANSWER, source),
        "may_pin": rules.can_in_request(user, rules.PIN, source),
        "may_hide": rules.can_in_request(user, rules.MODERATE, source),
        "answer_url": _address_pattern("consultations:comment_answer"),
        "pin_url": _address_pattern("consultations:comment_pin"),
        "report_url": _address_pattern("consultations:comment_report"),
        "hide_url": _address_pattern("comment_moderation:review"),
    }


@register.inclusion_tag("consultations/includes/discussion.html", takes_context=True)
def discussion(context, page):
    request = context.get("request")
    query = request.GET if request is not None else {}
    user = getattr(request, "user", None)
    source = consultation_source(page)

    # The page's outline read them already (one query for both).
    sections = {section.translation_key: section for section in page.sections_in_order}
    section_key = _section_key(query.get("section"))
    if section_key not in sections:
        section_key = None  # a nonsense or foreign section is dropped, not an error
    order = query.get("order") if query.get("order") in ORDERS else NEWEST
    cursor = _positive_int(query.get("cursor"))
    thread = thread_page(source.pk, order=order, cursor=cursor, section_key=section_key)

    # Without JavaScript, "show replies" asks for the page again with ?replies=<id>.
    open_id = _positive_int(query.get("replies"))
    replies = {}
    if open_id and any(c.pk == open_id and c.reply_count for c in thread.comments):
        replies[open_id] = replies_page(source.pk, open_id).comments
    shown = [*thread.comments, *(reply for group in replies.values() for reply in group)]

    signed_in = bool(user is not None and user.is_authenticated)
    may_post = signed_in and rules.can(user, rules.POST, source)
    may_take_part = signed_in and rules.may_take_part(user)
    now = timezone.now()
    status = source.status_at(now)
    endorsed = endorsed_by(user, shown) if signed_in else set()
    # Labels looked up once for the page: the template shows them for every comment.
    respondent_labels = dict(RespondentType.choices)
    stance_labels = dict(Stance.choices)
    for comment in shown:
        comment.author_display = author_name(comment.author)
        comment.respondent_label = respondent_labels.get(comment.respondent_type, "")
        comment.stance_label = stance_labels.get(comment.stance, "")
        # Most comments have no answer: the template asks a plain attribute, not the reverse
        # relation that raises when it is missing.
        comment.shown_answer = getattr(comment, "answer", None)
        # What the viewer may do with each comment, decided here without a query.
        mine = signed_in and comment.author_id == user.pk
        # The controls under a comment (report, answer, pin) ask about its consultation: the
        # one already loaded, not a query per comment.
        comment.consultation = source
        comment.section = sections.get(comment.section_key)
        comment.viewer_is_author = mine
        comment.viewer_endorsed = comment.pk in endorsed
        comment.viewer_can_edit = (
            mine
            and comment.is_visible
            and status == "open"
            and may_take_part
            and now - comment.created_at <= rules.EDIT_WINDOW
        )
        comment.viewer_can_endorse = comment.is_visible and not mine and may_take_part
    edit_id = _positive_int(query.get("edit"))
    submission = getattr(request, "discussion_submission", None) or {}
    return {
        "request": request,
        "page": page,
        "consultation": source,
        "status": status,
        "sections": sections,
        "section_key": section_key,
        "chosen_section": sections.get(section_key),
        "order": order,
        "other_order": OLDEST if order == NEWEST else NEWEST,
        "cursor": cursor,
        "thread": thread,
        "replies": replies,
        "open_id": open_id,
        "signed_in": signed_in,
        "may_take_part": may_take_part,
        "may_post": may_post,
        "respondent_options": [
            (f"{rtype}:{organisation.pk}" if organisation else rtype, label)
            for rtype, label, organisation in (respondent_options(user) if may_post else [])
        ],
        "stances": Stance.choices,
        "live_labels": {
            **_live_labels(),
            "sections": {str(key): str(section) for key, section in sections.items()},
            "withdrawn_sections": [
                str(key) for key, section in sections.items() if section.withdrawn
            ],
        },
        "viewer_controls": _viewer_controls(user, source),
        "edit_id": edit_id,
        "last_event_id": getattr(source.discussion_tally(), "last_event_id", 0),
        # For discussion.js to give comments that arrive live the controls rendered above.
        # The page of a signed-in viewer is never cached for others, so it may name its viewer.
        "viewer_key": author_key(source.pk, user.pk) if signed_in else "",
        "edit_window_seconds": int(rules.EDIT_WINDOW.total_seconds()),
        "submission": submission,
    }
