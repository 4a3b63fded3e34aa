"""A withdrawn council takes its meetings and minutes out of public view with it: its pages,
its feeds, the all-councils feeds, the open data, the plan's indicators and search; published
again, everything is back. Wagtail itself leaves the children of a withdrawn page live."""

import pytest
from defusedxml import ElementTree
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from councils.search import meeting_records, minutes_records
from tests.councils.helpers import make_council, make_meeting, make_minutes
from themes.models import IndicatorSnapshot

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
COUNCIL = "/az/councils/edliyye/"
MEETING = f"{COUNCIL}iclas/"
MINUTES = f"{MEETING}minutes/"


def _minutes_feed_titles(client, path) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200, path
    feed = ElementTree.fromstring(response.content)
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


def _calendar_summaries(client, path) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200, path
    return [str(event["SUMMARY"]) for event in Calendar.from_ical(response.content).walk("VEVENT")]


def _api_meeting_slugs(client) -> list[str]:
    results = client.get("/api/v1/meetings/").json()["results"]
    return [meeting["url"].rstrip("/").rsplit("/", 1)[-1] for meeting in results]


def _ngo_meetings_indicator():
    return IndicatorSnapshot.objects.get(
        indicator_key="councils.meetings_with_ngos", measure__code="5.4"
    ).value


def _what_the_public_sees(client, meeting, minutes) -> dict:
    return {
        "meeting page": client.get(MEETING).status_code,
        "minutes page": client.get(MINUTES).status_code,
        "council minutes feed": client.get(f"{COUNCIL}feeds/minutes/").status_code,
        "council calendar": client.get(f"{COUNCIL}feeds/meetings/").status_code,
        "minutes api": client.get(f"/api/v1/minutes/{minutes.pk}/").status_code,
        "meetings api": "iclas" in _api_meeting_slugs(client),
        "all minutes feed": any(
            "Protokol iclas" in title
            for title in _minutes_feed_titles(client, "/az/councils/feeds/minutes/")
        ),
        "all calendar": any(
            "İclas iclas" in summary
            for summary in _calendar_summaries(client, "/az/councils/feeds/meetings/")
        ),
        "ngo indicator": _ngo_meetings_indicator(),
        "search": (
            len(list(meeting_records([meeting.pk]))),
            len(list(minutes_records([minutes.pk]))),
        ),
    }


PUBLIC = {
    "meeting page": 200,
    "minutes page": 200,
    "council minutes feed": 200,
    "council calendar": 200,
    "minutes api": 200,
    "meetings api": True,
    "all minutes feed": True,
    "all calendar": True,
    "ngo indicator": 1,
    "search": (1, 1),
}
WITHDRAWN = {
    "meeting page": 404,
    "minutes page": 404,
    "council minutes feed": 404,
    "council calendar": 404,
    "minutes api": 404,
    "meetings api": False,
    "all minutes feed": False,
    "all calendar": False,
    "ngo indicator": 0,
    "search": (0, 0),
}


@pytest.fixture
def published_council(settings, site_structure):
    settings.PAGE_CACHE_SECONDS = 0
    council = make_council("Ədliyyə şurası", slug="edliyye")
    meeting = make_meeting(council, slug="iclas")
    minutes = make_minutes(meeting, publish=False)
    minutes.ngo_representatives = 2
    minutes.save_revision().publish()
    # Another council stays published throughout: the all-councils feeds are never empty.
    make_minutes(make_meeting(make_council("Təhsil şurası", slug="tehsil"), slug="diger"))
    return council, meeting, minutes


def test_a_withdrawn_council_takes_its_meetings_and_minutes_out_of_public_view_until_republished(
    client, published_council
):
    council, meeting, minutes = published_council
    assert _what_the_public_sees(client, meeting, minutes) == PUBLIC

    council.unpublish()

    assert _what_the_public_sees(client, meeting, minutes) == WITHDRAWN
    assert "diger" in _api_meeting_slugs(client), "the other council's meetings stay listed"

    council.get_latest_revision().publish()

    assert _what_the_public_sees(client, meeting, minutes) == PUBLIC


def test_a_withdrawn_meeting_takes_its_minutes_with_it(client, published_council):
    _, meeting, minutes = published_council

    meeting.unpublish()

    assert client.get(MINUTES).status_code == 404
    assert client.get(f"/api/v1/minutes/{minutes.pk}/").status_code == 404
    assert not any(
        "Protokol iclas" in title
        for title in _minutes_feed_titles(client, "/az/councils/feeds/minutes/")
    )
    assert _ngo_meetings_indicator() == 0


def test_the_meetings_api_does_not_link_minutes_closed_to_the_public(client, published_council):
    _, _, minutes = published_council
    PageViewRestriction.objects.create(page=minutes, restriction_type="login")

    meeting = next(
        meeting
        for meeting in client.get("/api/v1/meetings/").json()["results"]
        if meeting["url"].endswith("/iclas/")
    )

    assert meeting["minutes"] is None
    assert client.get(f"/api/v1/minutes/{minutes.pk}/").status_code == 404
