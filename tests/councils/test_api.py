"""The councils' open data as a program reads it: councils with members and feeds, meetings
with their minutes, minutes with attendance, decisions and action items; published only."""

import csv
import datetime
import io

import pytest
from django.utils import translation
from wagtail.models import Locale

from councils.choices import MemberRole
from councils.models import ActionItem, ActionItemUpdate, CouncilPage, Decision, MinutesPage
from tests.councils.helpers import (
    councils_with_meetings,
    make_council,
    make_meeting,
    make_minutes,
)
from tests.factories import UserFactory
from tests.query_budget import assert_query_budget

pytestmark = pytest.mark.django_db


def _json(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, (path, response.content[:300])
    return response.json()


def test_the_council_list_gives_each_council_its_feeds_and_filters_like_the_registry(
    client, site_structure
):
    make_council("Ədliyyə şurası", slug="edliyye")
    make_council("Maliyyə şurası", slug="maliyye", body="ministry-of-finance")
    make_council("Qaralama şurası", slug="qaralama").unpublish()

    listed = _json(client, "/api/v1/councils/")["results"]
    filtered = _json(client, "/api/v1/councils/?body=ministry-of-finance")["results"]

    assert [c["slug"] for c in listed] == ["edliyye", "maliyye"]
    assert listed[0]["feeds"] == {
        "atom": "http://testserver/az/councils/edliyye/feeds/minutes/",
        "icalendar": "http://testserver/az/councils/edliyye/feeds/meetings/",
    }
    assert client.get(listed[0]["feeds"]["atom"]).status_code == 200
    assert [c["slug"] for c in filtered] == ["maliyye"]
    assert _json(client, "/api/v1/councils/?status=sleeping", 400)["status"]


def test_a_council_lists_its_members_with_role_term_and_affiliation(client, site_structure):
    council = make_council(
        "Ədliyyə şurası", slug="edliyye", members=[("Aysel Məmmədova", "chair", UserFactory())]
    )
    member = council.members.get()
    member.term_start = datetime.date(2026, 1, 1)
    member.save()

    detail = _json(client, "/api/v1/councils/edliyye/")
    with translation.override("az"):  # the council exists in Azerbaijani only
        chair = str(MemberRole.CHAIR.label)

    assert detail["members"] == [
        {
            "name": "Aysel Məmmədova",
            "role": "chair",
            "role_label": chair,
            "term_start": "2026-01-01",
            "term_end": None,
            "affiliation": None,
        }
    ]
    assert _json(client, "/api/v1/councils/yoxdur/", 404)


def test_meetings_link_their_published_minutes_and_never_a_draft(client, site_structure):
    council = make_council("Ədliyyə şurası", slug="edliyye")
    published = make_minutes(make_meeting(council, slug="birinci", days_ago=40))
    make_minutes(make_meeting(council, slug="ikinci", days_ago=20), publish=False)

    meetings = {m["url"].split("/")[-2]: m for m in _json(client, "/api/v1/meetings/")["results"]}

    assert meetings["birinci"]["minutes"]["id"] == published.pk
    assert meetings["birinci"]["minutes"]["url"] == (
        "http://testserver/az/councils/edliyye/birinci/minutes/"
    )
    assert meetings["birinci"]["minutes"]["api_url"] == (
        f"http://testserver/api/v1/minutes/{published.pk}/"
    )
    assert meetings["ikinci"]["minutes"] is None
    assert meetings["ikinci"]["minutes_overdue"] is True
    assert meetings["birinci"]["council"] == "edliyye"


def test_meetings_filter_by_council_status_and_dates_and_refuse_bad_values(client, site_structure):
    first = make_council("Birinci şura", slug="birinci")
    second = make_council("İkinci şura", slug="ikinci")
    make_meeting(first, slug="kohne", days_ago=60)
    make_meeting(first, slug="legv", days_ago=-10, status="cancelled")
    make_meeting(second, slug="diger", days_ago=5)
    since = (datetime.date.today() - datetime.timedelta(days=30)).isoformat()

    def slugs(query):
        return sorted(m["url"].split("/")[-2] for m in _json(client, query)["results"])

    assert slugs("/api/v1/meetings/?council=birinci") == ["kohne", "legv"]
    assert slugs("/api/v1/meetings/?status=cancelled") == ["legv"]
    assert slugs(f"/api/v1/meetings/?from={since}") == ["diger", "legv"]
    assert slugs(f"/api/v1/meetings/?to={since}") == ["kohne"]
    assert "from" in _json(client, "/api/v1/meetings/?from=dünən", 400)
    assert "to" in _json(client, "/api/v1/meetings/?to=2026-13-45", 400)
    assert "status" in _json(client, "/api/v1/meetings/?status=maybe", 400)


def test_minutes_give_attendance_votes_and_action_items_and_only_when_published(
    client, site_structure
):
    council = make_council("Ədliyyə şurası", slug="edliyye")
    minutes = make_minutes(make_meeting(council, slug="birinci"), decisions=2)
    minutes.action_items = [ActionItem(description="Hesabat hazırlamaq", owner="Katib")]
    minutes.save_revision().publish()
    draft = make_minutes(make_meeting(council, slug="ikinci"), publish=False)

    data = _json(client, f"/api/v1/minutes/{minutes.pk}/")

    assert data["attendance"] == {"members_present": 5, "guests": 0, "ngo_representatives": 0}
    assert [d["decision"] for d in data["decisions"]] == ["Qərar 0", "Qərar 1"]
    assert data["decisions"][0]["votes_for"] == 5
    assert data["action_items"][0]["owner"] == "Katib"
    assert data["action_items"][0]["status"] == "open"
    assert data["council"] == "edliyye" and data["meeting_title"] == "İclas birinci"
    assert _json(client, f"/api/v1/minutes/{draft.pk}/", 404)


def test_lang_gives_the_councils_and_minutes_as_translated(client, site_structure):
    council = make_council("Ədliyyə şurası", slug="edliyye")
    meeting = make_meeting(council, slug="iclas")
    minutes = make_minutes(meeting)
    english = Locale.objects.get(language_code="en")
    copy = council.copy_for_translation(english)
    copy.title = "Justice council"
    copy.save()
    copy.save_revision().publish()
    meeting.copy_for_translation(english).save_revision().publish()
    MinutesPage.objects.get(pk=minutes.pk).copy_for_translation(english).save_revision().publish()

    councils = _json(client, "/api/v1/councils/?lang=en")["results"]
    translated = _json(client, f"/api/v1/minutes/{minutes.pk}/?lang=en")

    assert [c["title"] for c in councils] == ["Justice council"]
    assert councils[0]["feeds"]["atom"] == "http://testserver/en/councils/edliyye/feeds/minutes/"
    assert translated["council_title"] == "Justice council"
    assert translated["url"] == "http://testserver/en/councils/edliyye/iclas/minutes/"


def test_the_lists_download_as_csv_with_a_row_per_item(client, site_structure):
    council = make_council("Ədliyyə şurası", slug="edliyye")
    make_minutes(make_meeting(council, slug="birinci"))

    councils = client.get("/api/v1/councils/?format=csv")
    meetings = client.get("/api/v1/meetings/?format=csv")

    councils_text = b"".join(councils.streaming_content).decode("utf-8-sig")
    meetings_text = b"".join(meetings.streaming_content).decode("utf-8-sig")
    assert councils_text.splitlines()[0].startswith("slug,title,kind")
    assert "Ədliyyə şurası" in councils_text.splitlines()[1]
    assert len(meetings_text.splitlines()) == 2
    assert "http://testserver/az/councils/edliyye/birinci/minutes/" in meetings_text


LIST_BUDGETS = [
    ("/api/v1/councils/", 8),
    ("/api/v1/councils/sura-0/", 8),
    ("/api/v1/meetings/", 8),
    ("/api/v1/meetings/?council=sura-0&status=held", 8),
]


@pytest.mark.parametrize(("path", "budget"), LIST_BUDGETS)
def test_the_council_api_stays_within_its_query_budget_as_councils_and_meetings_grow(
    client, settings, site_structure, path, budget
):
    settings.PAGE_CACHE_SECONDS = 0
    councils_with_meetings(0, 1, 2)
    assert_query_budget(client, path, budget, grow=lambda: councils_with_meetings(1, 2, 3))
    assert CouncilPage.objects.count() == 3


def test_meetings_refuse_a_period_that_ends_before_it_starts_and_the_schema_says_so(
    client, site_structure
):
    make_meeting(make_council("Ədliyyə şurası", slug="edliyye"), slug="iclas", days_ago=5)

    refused = _json(client, "/api/v1/meetings/?from=2026-05-10&to=2026-05-01&lang=en", 400)
    same_day = _json(client, "/api/v1/meetings/?from=2026-05-10&to=2026-05-10")
    schema = client.get("/api/v1/schema/?format=json").json()

    assert refused["to"] == [
        "The date “to” (2026-05-01) is before the date “from” (2026-05-10); swap them."
    ]
    assert same_day["results"] == []
    described = schema["paths"]["/api/v1/meetings/"]["get"]["responses"]["400"]["description"]
    assert "`to` before `from`" in described


def test_the_councils_csv_gives_each_feed_address_in_its_own_column(client, site_structure):
    make_council("Ədliyyə şurası", slug="edliyye")

    response = client.get("/api/v1/councils/?format=csv")
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    detail = client.get("/api/v1/councils/edliyye/?format=csv").content.decode("utf-8-sig")

    assert rows[0]["feeds_atom"] == "http://testserver/az/councils/edliyye/feeds/minutes/"
    assert rows[0]["feeds_icalendar"] == "http://testserver/az/councils/edliyye/feeds/meetings/"
    assert "feeds" not in rows[0]
    assert "http://testserver/az/councils/edliyye/feeds/meetings/" in detail


def test_minutes_in_the_api_stay_within_their_query_budget_as_decisions_and_actions_grow(
    client, settings, site_structure
):
    settings.PAGE_CACHE_SECONDS = 0
    council = make_council("Şura", slug="sura")
    meeting = make_meeting(council, slug="iclas", agenda=("Bir", "İki", "Üç"))
    minutes = make_minutes(meeting, decisions=1)
    minutes.action_items = [ActionItem(description="Hesabat", owner="Katib")]
    minutes.save_revision().publish()

    def grow():
        page = MinutesPage.objects.get(pk=minutes.pk)
        page.decisions = [
            Decision(decision=f"Qərar {n}", topic=f"Məsələ {n}", votes_for=3) for n in range(6)
        ]
        page.action_items = [
            ActionItem(
                description=f"Tapşırıq {n}",
                owner="Katib",
                agenda_item=meeting.agenda_items.all()[n % 3],
                updates=[
                    ActionItemUpdate(noted_on=datetime.date(2026, 1, day), note="İcra edilir")
                    for day in (1, 2)
                ],
            )
            for n in range(5)
        ]
        page.save_revision().publish()

    assert_query_budget(client, f"/api/v1/minutes/{minutes.pk}/", 10, grow=grow)
    answer = client.get(f"/api/v1/minutes/{minutes.pk}/").json()
    assert len(answer["decisions"]) == 6
    assert [len(item["updates"]) for item in answer["action_items"]] == [2] * 5
