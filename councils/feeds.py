"""The councils' feeds: an Atom feed of published minutes and an iCalendar feed of meetings, for
one council or for all of them, in the language of the page that serves them (the pages' routes
in councils/models/pages.py call these with what they read)."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.utils import formats, timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"
# Meetings are in Baku time (the site's TIME_ZONE); calendar programs convert from UTC.
CALENDAR_TIMEZONE = "Asia/Baku"


def _parent_path(page, levels: int = 1) -> str:
    """The tree path of the page's parent (or grandparent): a meeting is its council's child,
    minutes are their meeting's child."""
    return page.path[: -page.steplen * levels]


class MinutesFeed(Feed):
    """Atom of the given minutes; the councils and meetings they belong to are given too, read
    once by tree path, so that the feed reads nothing per entry."""

    feed_type = Atom1Feed

    def __init__(self, *, scope, title: str, entries, request, councils: dict, meetings: dict):
        self.scope = scope
        self.feed_title = title
        self.entries = entries
        self.request = request
        self.councils = councils
        self.meetings = meetings

    def get_object(self, request, *args, **kwargs):
        return self.scope

    def title(self, scope) -> str:
        return self.feed_title

    def subtitle(self, scope) -> str:
        return _("Minutes as their councils publish them, newest first.")

    def link(self, scope) -> str:
        return scope.get_url(self.request)

    def feed_url(self, scope) -> str:
        return self.request.build_absolute_uri()

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed["language"] = get_language()
        return feed

    def items(self, scope):
        return self.entries

    def item_title(self, minutes) -> str:
        council = self.councils.get(_parent_path(minutes, 2))
        return f"{council.title}: {minutes.title}" if council else minutes.title

    def item_link(self, minutes) -> str:
        return minutes.get_url(self.request)

    def item_pubdate(self, minutes):
        return minutes.first_published_at

    def item_updateddate(self, minutes):
        return minutes.last_published_at

    def item_description(self, minutes) -> str:
        meeting = self.meetings.get(_parent_path(minutes))
        parts = []
        if meeting is not None:
            parts.append(
                format_html(
                    "<p>{}: {}</p>",
                    _("Meeting"),
                    formats.date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT"),
                )
            )
        parts.append(
            format_html(
                "<p>{}: {}</p>",
                _("Members present"),
                minutes.members_present,
            )
        )
        if minutes.summary:
            parts.append(format_html("<p>{}</p>", strip_tags(minutes.summary)))
        decisions = [d for d in minutes.decisions.all() if d.decision]
        if decisions:
            parts.append(
                format_html(
                    "<ul>{}</ul>",
                    format_html_join(
                        "", "<li>{}: {}</li>", ((d.heading, d.decision) for d in decisions)
                    ),
                )
            )
        return "".join(parts)


MEETING_EVENT_STATUS = {
    "planned": "CONFIRMED",
    "held": "CONFIRMED",
    "postponed": "TENTATIVE",
    "cancelled": "CANCELLED",
}


def meeting_uid(meeting) -> str:
    """The same in every language and for as long as the meeting exists, so that a calendar
    updates the event rather than adding another."""
    return f"council-meeting-{meeting.translation_key}"


def _utc(moment):
    return moment.astimezone(datetime.UTC) if moment else None


def meetings_calendar_response(*, name: str, meetings, councils, request) -> HttpResponse:
    """An iCalendar file of the meetings: times in UTC (the meetings are in Baku time, which
    the description repeats), cancelled meetings marked CANCELLED."""
    calendar = Calendar()
    calendar.add("prodid", "-//Open Government Platform//Public councils//AZ")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", CALENDAR_TIMEZONE)
    for meeting in meetings:
        council = councils.get(_parent_path(meeting))
        event = Event()
        event.add("uid", meeting_uid(meeting))
        # The time of the last publish, not of the request: an unchanged meeting reads the same.
        event.add("dtstamp", _utc(meeting.last_published_at or meeting.starts_at))
        if meeting.last_published_at:
            event.add("last-modified", _utc(meeting.last_published_at))
        event.add("dtstart", _utc(meeting.starts_at))
        event.add("summary", f"{council.title}: {meeting.title}" if council else meeting.title)
        event.add("status", MEETING_EVENT_STATUS.get(meeting.status, "CONFIRMED"))
        location = ", ".join(part for part in (meeting.place, meeting.online_link) if part)
        if location:
            event.add("location", location)
        url = request.build_absolute_uri(meeting.get_url(request))
        event.add("url", url)
        baku_time = formats.date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")
        lines = [_("Baku time: %(time)s") % {"time": baku_time}]
        agenda = list(meeting.agenda_items.all())
        if agenda:
            lines.append(_("Agenda:"))
            lines.extend(
                f"{n}. {item.title}" + (f" ({item.presenter})" if item.presenter else "")
                for n, item in enumerate(agenda, start=1)
            )
        lines.append(url)
        event.add("description", "\n".join(lines))
        calendar.add_component(event)
    return HttpResponse(calendar.to_ical(), content_type=CALENDAR_CONTENT_TYPE)
