"""Councils as tests need them: built through the same pages and services editors use."""

import datetime
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from icalendar import Calendar
from wagtail.documents import get_document_model
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from councils.models import (
    AgendaItem,
    CouncilIndexPage,
    CouncilMember,
    CouncilPage,
    Decision,
    MeetingPage,
    MinutesPage,
)
from councils.services import council_roles_sync
from tests.factories import UserFactory
from themes.models import Body

ATOM = "{http://www.w3.org/2005/Atom}"


def council_index(language=settings.LANGUAGE_CODE) -> CouncilIndexPage:
    return CouncilIndexPage.objects.get(locale__language_code=language)


def make_council(title, *, slug, body="ministry-of-justice", members=(), publish=True):
    """A published council at a state body; members are (name, role, user or None)."""
    locale = Locale.objects.get(language_code=settings.LANGUAGE_CODE)
    council = CouncilPage(
        title=title,
        slug=slug,
        locale=locale,
        body=Body.objects.get(locale=locale, slug=body),
        live=publish,
    )
    council.members = [
        CouncilMember(name=name, role=role, user=user) for name, role, user in members
    ]
    council_index().add_child(instance=council)
    if publish:
        council.save_revision().publish()
        council_roles_sync(council=council)
    return council


def make_meeting(council, *, slug, days_ago=30, status="held", agenda=("Gündəlik",)):
    meeting = MeetingPage(
        title=f"İclas {slug}",
        slug=slug,
        locale=council.locale,
        starts_at=timezone.now() - datetime.timedelta(days=days_ago),
        place="Bakı",
        status=status,
    )
    meeting.agenda_items = [AgendaItem(title=title) for title in agenda]
    council.add_child(instance=meeting)
    meeting.save_revision().publish()
    return meeting


def make_minutes(meeting, *, publish=True, decisions=1):
    minutes = MinutesPage(
        title=f"Protokol {meeting.slug}",
        slug="minutes",
        locale=meeting.locale,
        members_present=5,
        live=publish,
    )
    agenda = list(meeting.agenda_items.all())
    # Decisions on the agenda's items in turn; any beyond them on matters not on the agenda.
    minutes.decisions = [
        Decision(
            agenda_item=agenda[n] if n < len(agenda) else None,
            topic="" if n < len(agenda) else f"Məsələ {n}",
            decision=f"Qərar {n}",
            votes_for=5,
        )
        for n in range(decisions)
    ]
    meeting.add_child(instance=minutes)
    revision = minutes.save_revision()
    if publish:
        revision.publish()
    return minutes


def councils_with_meetings(start: int, count: int, meetings: int):
    """Councils `sura-<start>` onwards, each with three members and `meetings` meetings of
    three agenda items, every other one with published minutes of three decisions."""
    for n in range(start, start + count):
        council = make_council(
            f"Şura {n}",
            slug=f"sura-{n}",
            members=[(f"Üzv {n}-{m}", "member", UserFactory()) for m in range(3)],
        )
        for m in range(meetings):
            meeting = make_meeting(council, slug=f"iclas-{n}-{m}", agenda=("Bir", "İki", "Üç"))
            make_minutes(meeting, publish=m % 2 == 0, decisions=3)


def document(title, *, collection=None, content=b"%PDF-1.4\n%%EOF", name="sened.pdf"):
    """A Wagtail document, in the given collection (the root one without)."""
    fields = {"collection": collection} if collection is not None else {}
    return get_document_model().objects.create(
        title=title, file=SimpleUploadedFile(name, content, "application/pdf"), **fields
    )


def meeting_form(*, title, slug, documents=(), action=None):
    """A planned meeting's add or edit form as the admin posts it: one agenda item with the
    documents given."""
    data = {
        "title": title,
        "slug": slug,
        "starts_at": "2026-12-01 10:00",
        "status": "planned",
        "place": "Bakı",
        "online_link": "",
        "agenda_items": inline_formset(
            [
                {
                    "title": "Hesabat",
                    "presenter": "",
                    "description": "",
                    "documents": inline_formset([{"document": d.pk} for d in documents]),
                }
            ]
        ),
        "comments": inline_formset([]),
    }
    if action:
        data[f"action-{action}"] = action
    return nested_form_data(data)


def minutes_form(minutes, *, action=None, signed_pdf=None, decisions=(), action_items=()):
    """The minutes' edit form as the admin posts it."""
    data = {
        "title": minutes.title,
        "slug": minutes.slug,
        "members_present": minutes.members_present,
        "guests": 0,
        "ngo_representatives": 0,
        "summary": rich_text(""),
        "decisions": inline_formset(list(decisions)),
        "action_items": inline_formset(list(action_items)),
        "comments": inline_formset([]),
        "signed_pdf": signed_pdf.pk if signed_pdf else "",
    }
    if action:
        data[f"action-{action}"] = action
    return nested_form_data(data)


def parse_atom(content_type: str, content: bytes) -> Element:
    """A feed as a reader takes it: served as Atom and well-formed XML."""
    assert content_type.startswith("application/atom+xml"), content_type
    return ElementTree.fromstring(content)


def parse_calendar(content_type: str, content: bytes) -> Calendar:
    """A calendar as a calendar program takes it: served as iCalendar and parsed as one."""
    assert content_type.startswith("text/calendar"), content_type
    return Calendar.from_ical(content)


def entry_titles(feed: Element) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]
