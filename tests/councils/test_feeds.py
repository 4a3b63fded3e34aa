"""The councils' feeds as a reader or calendar program sees them: Atom of published minutes and
iCalendar of meetings, per council and for all councils, in the page's language."""

import datetime
from xml.etree.ElementTree import Element

import pytest
from defusedxml import ElementTree
from icalendar import Calendar
from wagtail.models import Locale

from councils.models import MeetingPage, MinutesPage
from tests.councils.helpers import (
    ATOM,
    entry_titles,
    make_council,
    make_meeting,
    make_minutes,
    parse_atom,
    parse_calendar,
)

pytestmark = pytest.mark.django_db


def _atom(client, path) -> Element:
    response = client.get(path)
    assert response.status_code == 200, path
    return parse_atom(response["Content-Type"], response.content)


def _calendar(client, path) -> Calendar:
    response = client.get(path)
    assert response.status_code == 200, path
    return parse_calendar(response["Content-Type"], response.content)


def _translate(page, language: str, title: str | None = None):
    """The page in another language, as an editor's "Translate" action leaves it, published."""
    copy = page.copy_for_translation(Locale.objects.get(language_code=language))
    if title:
        copy.title = title
        copy.save()
    copy.save_revision().publish()
    return copy


def test_a_councils_minutes_feed_lists_its_published_minutes_with_decisions_never_drafts(
    client, site_structure
):
    council = make_council("Ədliyyə şurası", slug="edliyye")
    make_minutes(make_meeting(council, slug="birinci"), decisions=2)
    make_minutes(make_meeting(council, slug="ikinci"), publish=False)

    feed = _atom(client, "/az/councils/edliyye/feeds/minutes/")

    assert "Ədliyyə şurası" in feed.findtext(f"{ATOM}title")
    assert entry_titles(feed) == ["Ədliyyə şurası: Protokol birinci"]
    entry = next(feed.iter(f"{ATOM}entry"))
    assert entry.find(f"{ATOM}link").get("href") == (
        "http://testserver/az/councils/edliyye/birinci/minutes/"
    )
    summary = entry.findtext(f"{ATOM}summary")
    assert "Qərar 0" in summary and "Qərar 1" in summary


def test_the_feed_of_all_councils_holds_every_councils_minutes_newest_first(client, site_structure):
    first = make_council("Birinci şura", slug="birinci")
    second = make_council("İkinci şura", slug="ikinci")
    make_minutes(make_meeting(first, slug="iclas"))
    make_minutes(make_meeting(second, slug="iclas"))

    feed = _atom(client, "/az/councils/feeds/minutes/")

    assert entry_titles(feed) == ["İkinci şura: Protokol iclas", "Birinci şura: Protokol iclas"]


def test_the_meetings_calendar_gives_utc_times_stable_uids_and_marks_cancelled_meetings(
    client, site_structure
):
    council = make_council("Ədliyyə şurası", slug="edliyye")
    held = make_meeting(council, slug="kecirilib", days_ago=10)
    make_meeting(council, slug="legv", days_ago=-5, status="cancelled")

    calendar = _calendar(client, "/az/councils/edliyye/feeds/meetings/")
    again = _calendar(client, "/az/councils/feeds/meetings/")

    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    assert set(events) == {"Ədliyyə şurası: İclas kecirilib", "Ədliyyə şurası: İclas legv"}
    start = events["Ədliyyə şurası: İclas kecirilib"].decoded("dtstart")
    assert start == held.starts_at.replace(microsecond=0)
    assert start.utcoffset() == datetime.timedelta(0)
    assert b"DTSTART:" in calendar.to_ical() and b"Z\r\n" in calendar.to_ical()
    assert str(events["Ədliyyə şurası: İclas legv"]["status"]) == "CANCELLED"
    assert str(events["Ədliyyə şurası: İclas kecirilib"]["status"]) == "CONFIRMED"
    assert {str(e["uid"]) for e in calendar.walk("VEVENT")} == {
        str(e["uid"]) for e in again.walk("VEVENT")
    }
    assert str(events["Ədliyyə şurası: İclas kecirilib"]["url"]) == (
        "http://testserver/az/councils/edliyye/kecirilib/"
    )


def test_the_feeds_speak_the_language_of_the_page_that_serves_them(client, site_structure):
    council = make_council("Ədliyyə şurası", slug="edliyye")
    meeting = make_meeting(council, slug="iclas")
    minutes = make_minutes(meeting)
    english = _translate(council, "en", "Justice council")
    english_meeting = _translate(meeting, "en")
    _translate(minutes, "en")

    feed = _atom(client, "/en/councils/edliyye/feeds/minutes/")
    calendar = _calendar(client, "/en/councils/edliyye/feeds/meetings/")
    azerbaijani = _calendar(client, "/az/councils/edliyye/feeds/meetings/")

    assert feed.findtext(f"{ATOM}title") == "Minutes of Justice council"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert entry_titles(feed) == ["Justice council: Protokol iclas"]
    assert str(calendar["x-wr-calname"]) == "Meetings of Justice council"
    (event,) = calendar.walk("VEVENT")
    assert str(event["url"]).startswith("http://testserver/en/councils/edliyye/")
    assert english.pk != council.pk and english_meeting.pk != meeting.pk
    # One meeting, one event: the same UID in every language.
    assert event["uid"] == azerbaijani.walk("VEVENT")[0]["uid"]


def test_the_registry_and_council_pages_link_their_feeds_for_readers_and_people(
    client, site_structure
):
    make_council("Ədliyyə şurası", slug="edliyye")

    for path in ("/az/councils/", "/az/councils/edliyye/"):
        html = client.get(path).content.decode()
        assert 'rel="alternate" type="application/atom+xml"' in html
        assert f'href="{path}feeds/minutes/"' in html
        assert f'href="{path}feeds/meetings/"' in html
        assert "Atom" in html and "iCalendar" in html


def test_a_draft_meeting_is_not_in_any_calendar(client, site_structure):
    council = make_council("Ədliyyə şurası", slug="edliyye")
    make_meeting(council, slug="derc")
    MeetingPage.objects.get(slug="derc").unpublish()

    calendar = _calendar(client, "/az/councils/feeds/meetings/")

    assert calendar.walk("VEVENT") == []
    assert not MinutesPage.objects.exists()


def test_an_anonymous_reader_gets_the_feed_from_the_page_cache_until_minutes_are_published(
    client, settings, site_structure
):
    settings.PAGE_CACHE_SECONDS = 300
    council = make_council("Ədliyyə şurası", slug="edliyye")
    make_minutes(make_meeting(council, slug="birinci"))

    first = client.get("/az/councils/edliyye/feeds/minutes/")
    second = client.get("/az/councils/edliyye/feeds/minutes/")
    make_minutes(make_meeting(council, slug="ikinci"))
    third = client.get("/az/councils/edliyye/feeds/minutes/")

    assert second["X-Page-Cache"] == "hit"
    assert second["Content-Type"] == first["Content-Type"]
    assert len(entry_titles(ElementTree.fromstring(third.content))) == 2
