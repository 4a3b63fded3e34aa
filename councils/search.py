"""The councils' searchable documents: councils, meetings and published minutes (with their
decisions and the signed PDF's text), registered with `search` in CouncilsConfig.ready().

Each document stands for one page in one language, as a visitor finds it there: only
published pages (`published()`: live, under a live council and meeting, no view restriction),
so draft or withdrawn minutes, the meetings of a withdrawn council and pages closed to the
public are never found. Records are built a batch at a time in a fixed number of
queries, whatever the number of pages.
"""

from html import unescape

from django.db.models import OuterRef
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from councils.choices import CouncilStatus, MeetingStatus
from councils.models import (
    ActionItem,
    AgendaItem,
    CouncilMember,
    CouncilPage,
    Decision,
    MeetingPage,
    MinutesPage,
)
from search.pages import pages_below, view_restriction_dependency
from search.registry import Dependency, DocumentType, SearchRecord, documents, facet_labels
from themes.models import Body
from themes.selectors import translated_body_name

COUNCIL = "council"
MEETING = "meeting"
MINUTES = "minutes"


def _int_ids(object_ids) -> list[int]:
    return [int(object_id) for object_id in object_ids if str(object_id).isdigit()]


def _published_date(page):
    moment = page.last_published_at or page.first_published_at
    return moment.date() if moment else None


def _parent_path(page) -> str:
    return page.path[: -Page.steplen]


def _joined(*parts) -> str:
    return "\n".join(part for part in parts if part)


def _plain(markup: str) -> str:
    """The words of stored HTML as a reader sees them: no tags, entities as their characters."""
    return unescape(strip_tags(markup or ""))


def _councils_by_path(paths) -> dict[str, CouncilPage]:
    """The councils at these paths, each with its body's name in the council's language."""
    return {
        council.path: council
        for council in CouncilPage.objects.filter(path__in=set(paths))
        .select_related("body")
        .annotate(body_name=translated_body_name(locale_id=OuterRef("locale_id"), path="body__"))
    }


def _seat_facets(council: CouncilPage | None) -> dict[str, tuple[str, ...]]:
    """Where a council sits, as facets: its state body's slug or its municipality's name."""
    if council is None:
        return {}
    facets = {"council": (council.slug,)}
    if council.body_id:
        facets["body"] = (council.body.slug,)
    if council.municipality_name.strip():
        facets["municipality"] = (council.municipality_name.strip(),)
    return facets


def _local_date(moment):
    return timezone.localtime(moment).date() if moment else None


# --- Councils ---------------------------------------------------------------------------------


def council_records(object_ids):
    councils = list(
        CouncilPage.objects.live()
        .public()
        .filter(pk__in=_int_ids(object_ids))
        .select_related("locale", "body")
        .annotate(body_name=translated_body_name(locale_id=OuterRef("locale_id"), path="body__"))
    )
    today = timezone.localdate()
    members: dict[int, list[str]] = {}
    for council_id, name, term_end in CouncilMember.objects.filter(
        council__in=councils
    ).values_list("council_id", "name", "term_end"):
        if term_end is None or term_end >= today:
            members.setdefault(council_id, []).append(name)
    for council in councils:
        yield SearchRecord(
            object_id=str(council.pk),
            language=council.locale.language_code,
            title=council.title,
            body=_joined(
                council.seat_name,
                _plain(council.mandate),
                council.address,
                *members.get(council.pk, []),
            ),
            url=council.get_url() or "",
            date=council.founding_act_date or _published_date(council),
            facets={**_seat_facets(council), "status": (council.status,)},
        )


# --- Meetings ---------------------------------------------------------------------------------


def meeting_records(object_ids):
    meetings = list(
        MeetingPage.objects.published().filter(pk__in=_int_ids(object_ids)).select_related("locale")
    )
    councils = _councils_by_path(_parent_path(meeting) for meeting in meetings)
    agenda: dict[int, list[str]] = {}
    for meeting_id, title, presenter, description in AgendaItem.objects.filter(
        meeting__in=meetings
    ).values_list("meeting_id", "title", "presenter", "description"):
        agenda.setdefault(meeting_id, []).extend((title, presenter, description))
    for meeting in meetings:
        council = councils.get(_parent_path(meeting))
        starts_on = _local_date(meeting.starts_at)
        yield SearchRecord(
            object_id=str(meeting.pk),
            language=meeting.locale.language_code,
            title=meeting.title,
            body=_joined(
                council.title if council else "",
                meeting.place,
                *agenda.get(meeting.pk, []),
            ),
            url=meeting.get_url() or "",
            date=starts_on,
            facets={
                **_seat_facets(council),
                "year": (str(starts_on.year),) if starts_on else (),
                "status": (meeting.status,),
            },
        )


# --- Minutes ----------------------------------------------------------------------------------


def minutes_records(object_ids):
    minutes_pages = list(
        MinutesPage.objects.published().filter(pk__in=_int_ids(object_ids)).select_related("locale")
    )
    meetings = MeetingPage.objects.by_path(_parent_path(minutes) for minutes in minutes_pages)
    councils = _councils_by_path(_parent_path(meeting) for meeting in meetings.values())
    outcomes: dict[int, list[str]] = {}
    for decision in Decision.objects.filter(minutes__in=minutes_pages).select_related(
        "agenda_item"
    ):
        outcomes.setdefault(decision.minutes_id, []).extend(
            (decision.heading, decision.discussion, decision.decision)
        )
    for minutes_id, description, owner in ActionItem.objects.filter(
        minutes__in=minutes_pages
    ).values_list("minutes_id", "description", "owner"):
        outcomes.setdefault(minutes_id, []).extend((description, owner))
    for minutes in minutes_pages:
        meeting = meetings.get(_parent_path(minutes))
        council = councils.get(_parent_path(meeting)) if meeting else None
        held_on = _local_date(meeting.starts_at) if meeting else None
        yield SearchRecord(
            object_id=str(minutes.pk),
            language=minutes.locale.language_code,
            title=minutes.title,
            body=_joined(
                council.title if council else "",
                meeting.title if meeting else "",
                _plain(minutes.summary),
                *outcomes.get(minutes.pk, []),
                minutes.signed_pdf_text,
            ),
            url=minutes.get_url() or "",
            date=held_on or _published_date(minutes),
            facets={
                **_seat_facets(council),
                "year": (str(held_on.year),) if held_on else (),
                "status": (meeting.status,) if meeting else (),
            },
        )


# --- What changes what ------------------------------------------------------------------------


def _councils_of_bodies(bodies):
    return CouncilPage.objects.filter(
        body__translation_key__in={body.translation_key for body in bodies}
    ).values_list("pk", flat=True)


def _below(model):
    """The `model` pages under the pages written: a council's name or seat, a meeting's date
    and status, stand in the documents of what lies below them."""
    return lambda pages: pages_below(pages, model)


def register_search_documents() -> None:
    facet_labels.register("status", {**dict(CouncilStatus.choices), **dict(MeetingStatus.choices)})
    documents.register(
        DocumentType(
            key=COUNCIL,
            label=_("Council"),
            model=CouncilPage,
            records=council_records,
            all_object_ids=lambda: CouncilPage.objects.values_list("pk", flat=True),
            dependencies=(
                Dependency(Body, _councils_of_bodies),
                view_restriction_dependency(CouncilPage),
            ),
            page_models=(CouncilPage,),
        )
    )
    documents.register(
        DocumentType(
            key=MEETING,
            label=_("Meeting"),
            model=MeetingPage,
            records=meeting_records,
            all_object_ids=lambda: MeetingPage.objects.values_list("pk", flat=True),
            dependencies=(
                Dependency(CouncilPage, _below(MeetingPage)),
                view_restriction_dependency(MeetingPage),
            ),
            page_models=(MeetingPage,),
        )
    )
    documents.register(
        DocumentType(
            key=MINUTES,
            label=_("Minutes"),
            model=MinutesPage,
            records=minutes_records,
            all_object_ids=lambda: MinutesPage.objects.values_list("pk", flat=True),
            dependencies=(
                Dependency(CouncilPage, _below(MinutesPage)),
                Dependency(MeetingPage, _below(MinutesPage)),
                view_restriction_dependency(MinutesPage),
            ),
            page_models=(MinutesPage,),
        )
    )
