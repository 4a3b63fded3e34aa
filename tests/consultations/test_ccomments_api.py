import json

import pytest
from django.test import Client, override_settings
from django.utils import translation

from consultations import thread
from consultations.choices import CommentStatus
from consultations.models import Comment, CommentRevision
from consultations.services.comments import comment_create, comment_edit, endorsement_add
from tests.consultations.comments_helpers import consultation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CSRF = "a" * 32


@pytest.fixture
def budget():
    return consultation()


def url(budget, suffix=""):
    return f"/api/v1/consultations/{budget.pk}/comments/{suffix}"


def signed_in(user=None):
    """A browser session: signed in, holding the CSRF cookie it sends back in the header."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user or UserFactory())
    client.cookies["csrftoken"] = CSRF
    return client


def send(client, method, address, data=None, csrf=True):
    headers = {"HTTP_X_CSRFTOKEN": CSRF} if csrf else {}
    return getattr(client, method)(
        address, data=json.dumps(data or {}), content_type="application/json", **headers
    )


def many(budget, count, author=None):
    author = author or UserFactory()
    return [
        comment_create(consultation=budget, author=author, body=f"Fikir {n}") for n in range(count)
    ]


@override_settings(CONSULTATION_COMMENTS_PER_MINUTE=100)
def test_comments_come_twenty_a_page_newest_first_with_a_cursor_to_the_next(client, budget):
    posted = many(budget, 23)
    first = client.get(url(budget)).json()
    assert [c["id"] for c in first["results"]] == [c.pk for c in reversed(posted)][:20]
    second = client.get(first["next"]).json()
    assert [c["id"] for c in second["results"]] == [c.pk for c in reversed(posted[:3])]
    assert second["next"] is None
    oldest = client.get(url(budget), {"order": "oldest"}).json()
    assert oldest["results"][0]["id"] == posted[0].pk


def test_replies_are_listed_for_their_comment_on_demand(client, budget):
    top = many(budget, 1)[0]
    reply = comment_create(consultation=budget, author=UserFactory(), body="Cavab", parent=top)
    listed = client.get(url(budget)).json()["results"]
    assert [(c["id"], c["replies"]) for c in listed] == [(top.pk, 1)]
    replies = client.get(url(budget), {"parent": top.pk}).json()["results"]
    assert [c["id"] for c in replies] == [reply.pk]


def test_posting_needs_a_session_and_its_csrf_token(budget):
    anonymous = Client(enforce_csrf_checks=True)
    assert send(anonymous, "post", url(budget), {"body": "Salam"}).status_code == 403
    client = signed_in()
    assert send(client, "post", url(budget), {"body": "Salam"}, csrf=False).status_code == 403
    assert not Comment.objects.exists()
    section = budget.sections.first()
    answer = send(
        client,
        "post",
        url(budget),
        {"body": "Salam <b>dünya</b>", "section": str(section.translation_key), "stance": "object"},
    )
    assert answer.status_code == 201
    stored = answer.json()
    assert stored["body_html"] == "<p>Salam <b>dünya</b></p>"
    assert stored["section"] == str(section.translation_key) and stored["stance"] == "object"
    assert Comment.objects.get().pk == stored["id"]


def test_bad_input_is_a_400_naming_each_field_and_saves_nothing(budget):
    with translation.override("en"):
        answer = send(
            signed_in(),
            "post",
            url(budget),
            {"body": "   ", "section": "00000000-0000-0000-0000-000000000000", "stance": "x"},
        )
    assert answer.status_code == 400
    assert set(answer.json()) >= {"section", "stance"} or set(answer.json()) >= {"stance"}
    answer = send(signed_in(), "post", url(budget), {"body": "  ", "section": None})
    assert answer.status_code == 400 and "body" in answer.json()
    assert not Comment.objects.exists()


@override_settings(CONSULTATION_COMMENTS_PER_MINUTE=2)
def test_over_the_limit_the_answer_is_429_with_a_readable_message(budget):
    client = signed_in()
    for number in range(2):
        assert send(client, "post", url(budget), {"body": f"Fikir {number}"}).status_code == 201
    with translation.override("en"):
        refused = send(client, "post", url(budget), {"body": "Üçüncü"})
    assert refused.status_code == 429
    # The API answers in the default language, Azerbaijani.
    assert "Son bir dəqiqədə 2 şərh yazmısınız" in refused.json()["detail"]
    assert int(refused["Retry-After"]) <= 60
    assert Comment.objects.count() == 2


def test_the_author_edits_withdraws_and_others_endorse_through_the_api(budget):
    author = UserFactory()
    comment = many(budget, 1, author=author)[0]
    client = signed_in(author)
    edited = send(client, "patch", url(budget, f"{comment.pk}/"), {"body": "Düzəliş"})
    assert edited.status_code == 200 and edited.json()["edited_at"]
    assert CommentRevision.objects.filter(comment=comment).count() == 1
    assert (
        send(signed_in(), "patch", url(budget, f"{comment.pk}/"), {"body": "X"}).status_code == 403
    )
    reader = signed_in()
    assert (
        send(reader, "put", url(budget, f"{comment.pk}/endorsement/")).json()["endorsements"] == 1
    )
    assert (
        send(reader, "put", url(budget, f"{comment.pk}/endorsement/")).json()["endorsements"] == 1
    )
    assert (
        send(reader, "delete", url(budget, f"{comment.pk}/endorsement/")).json()["endorsements"]
        == 0
    )
    withdrawn = send(client, "post", url(budget, f"{comment.pk}/withdraw/"))
    assert withdrawn.json()["status"] == "withdrawn" and withdrawn.json()["body_html"] == ""


def test_a_hidden_comment_is_listed_as_a_placeholder_without_its_text(client, budget):
    comment = many(budget, 1)[0]
    Comment.objects.filter(pk=comment.pk).update(
        status=CommentStatus.HIDDEN, hidden_reason="Təhqir"
    )
    (listed,) = client.get(url(budget)).json()["results"]
    assert listed["body_html"] == "" and listed["author"] is None
    assert listed["hidden_reason"] == "Təhqir"


@override_settings(CONSULTATION_COMMENTS_PER_MINUTE=100)
def test_catch_up_after_an_event_returns_each_changed_comment_once_in_event_order(client, budget):
    author = UserFactory()
    before = many(budget, 3, author=author)
    seen = client.get(url(budget)).json()["last_event_id"]
    new = many(budget, 2, author=UserFactory())
    comment_edit(comment=before[0], user=author, body="Yeni mətn")
    endorsement_add(comment=new[0], user=UserFactory())
    endorsement_add(comment=new[0], user=UserFactory())
    caught = client.get(url(budget), {"after": seen}).json()
    ids = [c["id"] for c in caught["results"]]
    assert ids == [new[1].pk, before[0].pk, new[0].pk]
    assert len(set(ids)) == len(ids)
    assert caught["results"][-1]["endorsements"] == 2
    assert caught["results"][1]["body_html"] == "<p>Yeni mətn</p>"
    last = caught["results"][-1]["event_id"]
    assert last == caught["last_event_id"]
    assert client.get(url(budget), {"after": last}).json()["results"] == []


@override_settings(CONSULTATION_COMMENTS_PER_MINUTE=1000, CONSULTATION_COMMENTS_PER_DAY=1000)
def test_a_long_catch_up_comes_in_pages_that_together_hold_every_comment_once(
    client, budget, monkeypatch
):
    posted = many(budget, 7)
    monkeypatch.setattr(thread, "CATCH_UP_PAGE_SIZE", 3)
    collected, address = [], url(budget) + "?after=0"
    while address:
        page = client.get(address).json()
        collected += [c["id"] for c in page["results"]]
        address = page["next"]
    assert collected == [c.pk for c in posted]


def test_bad_values_are_a_400_and_an_unknown_consultation_a_404(client, budget):
    assert client.get(url(budget), {"cursor": "abc"}).status_code == 400
    assert client.get(url(budget), {"order": "random"}).status_code == 400
    assert client.get("/api/v1/consultations/999999/comments/").status_code == 404


def test_a_list_tells_the_signed_in_reader_which_comments_they_endorse(client, budget):
    endorsed, other = many(budget, 2)
    reader = UserFactory()
    endorsement_add(comment=endorsed, user=reader)
    for query in ({"after": 0}, {}):
        results = signed_in(reader).get(url(budget), query).json()["results"]
        mine = {c["id"]: c["viewer_endorsed"] for c in results}
        assert mine == {endorsed.pk: True, other.pk: False}
        assert {c["viewer_endorsed"] for c in client.get(url(budget), query).json()["results"]} == {
            None
        }
