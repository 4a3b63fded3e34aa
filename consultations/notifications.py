"""What consultations tell notifications: a consultation can be followed; its followers hear
when it opens and when it closes; a person hears when their comment gets an official answer.

A consultation is followed as its source page (the discussion's page, in Azerbaijani), so one
follow covers it in every language; the line and link are in the reader's language.
"""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic_platform.notifications.registry import (
    Delivery,
    EventKind,
    EventText,
    register_followable,
    register_kind,
)
from consultations.models import ConsultationPage
from consultations.selectors import consultation_in_active_language, followable_consultations

ANSWER_GIVEN = "consultations.answer-given"
CONSULTATION_OPENED = "consultations.opened"
CONSULTATION_CLOSED = "consultations.closed"


def _page_url(page, suffix: str = "") -> str:
    url = page.url or ""
    return f"{url}{suffix}" if url else ""


def describe_answer_given(answer) -> EventText:
    comment = answer.comment
    page = consultation_in_active_language(comment.consultation)
    return EventText(
        summary=_("Your comment on %(consultation)s has an official answer: %(outcome)s")
        % {"consultation": page.title, "outcome": answer.get_outcome_display()},
        url=_page_url(page, f"#comment-{comment.pk}"),
    )


def describe_opened(consultation) -> EventText:
    page = consultation_in_active_language(consultation)
    return EventText(
        summary=_("%(consultation)s is open for comments until %(date)s")
        % {
            "consultation": page.title,
            "date": formats.date_format(consultation.closes_at, "DATETIME_FORMAT"),
        },
        url=_page_url(page),
    )


def describe_closed(consultation) -> EventText:
    page = consultation_in_active_language(consultation)
    return EventText(
        summary=_("%(consultation)s is closed; its outcome report shows every answer")
        % {"consultation": page.title},
        url=_page_url(page, "outcome/"),
    )


def _comment_author(answer):
    author = answer.comment.author
    return [author] if author is not None else []


def register_notifications() -> None:
    register_followable(
        ConsultationPage, label=gettext_lazy("consultation"), queryset=followable_consultations
    )
    register_kind(
        EventKind(
            key=ANSWER_GIVEN,
            label=gettext_lazy("Official answers to your comments"),
            description=gettext_lazy(
                "The body that holds a consultation answers a comment you wrote."
            ),
            describe=describe_answer_given,
            recipients=_comment_author,
            default_delivery=Delivery.EMAIL,
        )
    )
    register_kind(
        EventKind(
            key=CONSULTATION_OPENED,
            label=gettext_lazy("A consultation you follow opens"),
            description=gettext_lazy("A consultation you follow starts accepting comments."),
            describe=describe_opened,
            subject=lambda consultation: consultation,
        )
    )
    register_kind(
        EventKind(
            key=CONSULTATION_CLOSED,
            label=gettext_lazy("A consultation you follow closes"),
            description=gettext_lazy(
                "A consultation you follow stops accepting comments; its outcome report follows."
            ),
            describe=describe_closed,
            subject=lambda consultation: consultation,
        )
    )
