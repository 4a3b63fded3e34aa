"""An agenda item carries its papers; the minutes show each decision and action item under the
agenda item it belongs to, and an action item keeps every later update, on the page and in the
open data."""

import datetime

import pytest
from wagtail.models import Locale

from councils.models import (
    ActionItem,
    ActionItemUpdate,
    AgendaItemDocument,
    Decision,
    MeetingPage,
    MinutesPage,
)
from councils.models.pages import MinutesForm
from tests.councils.helpers import document, make_council, make_meeting, make_minutes

pytestmark = pytest.mark.django_db


def _html(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.fixture
def meeting(site_structure):
    council = make_council("Ədliyyə şurası", slug="edliyye")
    return make_meeting(council, slug="iclas", agenda=("İş planı", "Qanun layihəsi"))


def test_an_agenda_item_lists_every_one_of_its_documents_on_the_page_and_in_the_api(
    client, meeting
):
    first, second = meeting.agenda_items.all()
    first.documents = [
        AgendaItemDocument(document=document("Layihənin mətni")),
        AgendaItemDocument(document=document("Arayış")),
    ]
    meeting.agenda_items = [first, second]
    meeting.save_revision().publish()

    html = _html(client, "/az/councils/edliyye/iclas/")
    agenda = client.get("/api/v1/meetings/").json()["results"][0]["agenda"]

    assert html.index("Layihənin mətni") < html.index("Arayış") < html.index("Qanun layihəsi")
    assert [d["title"] for d in agenda[0]["documents"]] == ["Layihənin mətni", "Arayış"]
    assert agenda[0]["documents"][0]["url"].startswith("http://testserver/")
    assert agenda[1] == {"title": "Qanun layihəsi", "presenter": "", "documents": []}


def _minutes_with_outcomes(meeting):
    plan, law = meeting.agenda_items.all()
    minutes = make_minutes(meeting, decisions=0, publish=False)
    minutes.decisions = [
        Decision(agenda_item=law, decision="Təkliflər göndərilsin", votes_for=5),
        Decision(agenda_item=plan, decision="Plan təsdiq edilsin", votes_for=4),
        Decision(topic="Növbəti iclasın tarixi", decision="İyulda keçirilsin"),
    ]
    action = ActionItem(agenda_item=law, description="Təklifləri toplamaq", owner="Katib")
    action.updates = [
        ActionItemUpdate(
            noted_on=datetime.date(2026, 3, 1), status="done", note="Nazirliyə göndərildi"
        ),
        ActionItemUpdate(noted_on=datetime.date(2026, 2, 1), status="in_progress", note="Toplanır"),
    ]
    minutes.action_items = [action]
    minutes.save_revision().publish()
    return minutes


def test_the_minutes_show_decisions_and_action_items_under_their_agenda_item(client, meeting):
    _minutes_with_outcomes(meeting)

    html = _html(client, "/az/councils/edliyye/iclas/minutes/")

    plan, law = html.index("1. İş planı"), html.index("2. Qanun layihəsi")
    assert plan < html.index("Plan təsdiq edilsin") < law
    assert law < html.index("Təkliflər göndərilsin") < html.index("Təklifləri toplamaq")
    # A matter not on the agenda comes after it, under its own name.
    assert html.index("Təklifləri toplamaq") < html.index("Növbəti iclasın tarixi")


def test_every_update_of_an_action_item_is_kept_and_shown_oldest_first(client, meeting):
    minutes = _minutes_with_outcomes(meeting)

    html = _html(client, "/az/councils/edliyye/iclas/minutes/")
    data = client.get(f"/api/v1/minutes/{minutes.pk}/").json()

    assert html.index("Toplanır") < html.index("Nazirliyə göndərildi")
    action = data["action_items"][0]
    assert [(u["date"], u["status"], u["text"]) for u in action["updates"]] == [
        ("2026-02-01", "in_progress", "Toplanır"),
        ("2026-03-01", "done", "Nazirliyə göndərildi"),
    ]
    assert action["status"] == "done" and action["status_at_meeting"] == "open"
    assert action["agenda_item"] == "Qanun layihəsi"


def test_the_minutes_api_gives_each_agenda_item_with_its_decisions_and_action_items(
    client, meeting
):
    minutes = _minutes_with_outcomes(meeting)

    agenda = client.get(f"/api/v1/minutes/{minutes.pk}/").json()["agenda"]

    assert [item["agenda_item"] for item in agenda] == ["İş planı", "Qanun layihəsi", None]
    assert [d["decision"] for d in agenda[0]["decisions"]] == ["Plan təsdiq edilsin"]
    assert [d["decision"] for d in agenda[1]["decisions"]] == ["Təkliflər göndərilsin"]
    assert [a["description"] for a in agenda[1]["action_items"]] == ["Təklifləri toplamaq"]
    assert agenda[2]["decisions"][0]["agenda_item"] == "Növbəti iclasın tarixi"


def test_a_decision_offers_only_the_items_of_its_own_meetings_agenda(meeting):
    other = make_meeting(
        MeetingPage.objects.get(pk=meeting.pk).get_parent().specific,
        slug="diger",
        agenda=("Başqa məsələ",),
    )
    minutes = make_minutes(meeting, decisions=0, publish=False)
    form_class = MinutesPage.get_edit_handler().get_form_class()

    form = form_class(instance=minutes, parent_page=meeting)
    choices = form.formsets["decisions"].empty_form.fields["agenda_item"].queryset

    assert issubclass(form_class, MinutesForm)
    assert sorted(item.title for item in choices) == ["Qanun layihəsi", "İş planı"]
    assert not choices.filter(meeting=other).exists()


def test_translated_minutes_point_at_the_agenda_of_the_translated_meeting(client, meeting):
    minutes = _minutes_with_outcomes(meeting)
    english = Locale.objects.get(language_code="en")
    council = meeting.get_parent().specific
    council.copy_for_translation(english).save_revision().publish()
    translated_meeting = MeetingPage.objects.get(pk=meeting.pk).copy_for_translation(english)
    translated_meeting.save_revision().publish()

    copy = MinutesPage.objects.get(pk=minutes.pk).copy_for_translation(english)
    copy.save_revision().publish()

    linked = {
        d.agenda_item.meeting_id
        for d in Decision.objects.filter(minutes=copy).exclude(agenda_item=None)
    }
    assert linked == {translated_meeting.pk}
    html = _html(client, "/en/councils/edliyye/iclas/minutes/")
    assert html.index("2. Qanun layihəsi") < html.index("Təkliflər göndərilsin")
