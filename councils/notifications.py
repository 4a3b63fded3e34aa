"""What councils tell notifications: a council can be followed, and its followers hear when a
meeting is scheduled and when minutes are published.

A council is followed in Azerbaijani, whichever language its page was read in (the follow
button points at the source page), so one follow covers the council in every language.
"""

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from civic_platform.notifications.registry import (
    EventKind,
    EventText,
    register_followable,
    register_kind,
)
from councils.models import CouncilPage
from councils.selectors import council_of, followable_councils, in_active_language

MEETING_SCHEDULED = "councils.meeting-scheduled"
MINUTES_PUBLISHED = "councils.minutes-published"


def describe_meeting_scheduled(meeting) -> EventText:
    shown = in_active_language(meeting)
    council = in_active_language(council_of(meeting))
    return EventText(
        summary=_("%(council)s meets on %(date)s: %(meeting)s")
        % {
            "council": council.title,
            "date": formats.date_format(meeting.starts_at, "DATETIME_FORMAT"),
            "meeting": shown.title,
        },
        url=shown.url or "",
    )


def describe_minutes_published(minutes) -> EventText:
    shown = in_active_language(minutes)
    council = in_active_language(council_of(minutes))
    return EventText(
        summary=_("%(council)s published the minutes: %(minutes)s")
        % {"council": council.title, "minutes": shown.title},
        url=shown.url or "",
    )


def register_notifications() -> None:
    register_followable(CouncilPage, label=gettext_lazy("council"), queryset=followable_councils)
    register_kind(
        EventKind(
            key=MEETING_SCHEDULED,
            label=gettext_lazy("Meetings of a council you follow"),
            description=gettext_lazy("A council you follow publishes a planned meeting."),
            describe=describe_meeting_scheduled,
            subject=council_of,
        )
    )
    register_kind(
        EventKind(
            key=MINUTES_PUBLISHED,
            label=gettext_lazy("Minutes of a council you follow"),
            description=gettext_lazy(
                "The chair of a council you follow approves minutes and they are published."
            ),
            describe=describe_minutes_published,
            subject=council_of,
        )
    )
