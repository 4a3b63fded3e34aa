"""Reporting, answering and pinning work without JavaScript, and the report endpoint of the API
answers bad input with a readable 4xx and changes nothing."""

import datetime

import pytest

from consultations.choices import CommentStatus, ConsultationKind
from consultations.models import Comment, CommentReport, OfficialAnswer
from tests.consultations.helpers import make_comment, make_consultation, owning_body
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def body():
    return owning_body()


@pytest.fixture
def comment(body):
    return make_comment(make_consultation(owner=body[0]))


def test_a_signed_in_reader_reports_a_comment_with_the_plain_form(client, comment):
    address = f"/az/discussion/comments/{comment.pk}/report/"
    anonymous = client.get(address)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]

    client.force_login(UserFactory())
    assert client.get(address).status_code == 200
    assert client.post(address, {"reason": ""}).status_code == 400
    response = client.post(address, {"reason": "Təhqiramiz"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{comment.consultation.slug}/#comment-{comment.pk}")
    assert CommentReport.objects.get().reason == "Təhqiramiz"
    again = client.post(address, {"reason": "Yenə"})
    assert again.status_code == 400
    assert CommentReport.objects.count() == 1


def test_the_author_gets_no_report_form_for_their_own_comment(client, comment):
    client.force_login(comment.author)
    assert client.get(f"/az/discussion/comments/{comment.pk}/report/").status_code == 403


def test_a_representative_answers_with_the_plain_form_and_others_are_refused(client, body, comment):
    address = f"/az/discussion/comments/{comment.pk}/answer/"
    client.force_login(UserFactory())
    assert client.get(address).status_code == 403
    assert client.post(address, {"outcome": "accepted", "reason": "Bəli"}).status_code == 403

    client.force_login(body[1])
    assert client.get(address).status_code == 200
    assert client.post(address, {"outcome": "maybe", "reason": "Bəli"}).status_code == 400
    response = client.post(address, {"outcome": "accepted", "reason": "Layihəyə daxil edildi."})
    assert response.status_code == 302
    assert OfficialAnswer.objects.get(comment=comment).outcome == "accepted"


def test_the_session_moderator_pins_and_unpins_with_a_button(client, body):
    moderator = UserFactory()
    session = make_consultation(
        "Dialoq",
        slug="dialoq",
        kind=ConsultationKind.DIALOGUE_SESSION,
        owner=body[0],
        opens_in=-datetime.timedelta(minutes=10),
        lasts=datetime.timedelta(hours=1),
        moderator=moderator,
    )
    question = make_comment(session, stance="question")
    address = f"/az/discussion/comments/{question.pk}/pin/"
    client.force_login(UserFactory())
    assert client.post(address).status_code == 403
    client.force_login(moderator)
    assert client.get(address).status_code == 405
    assert client.post(address).status_code == 302
    assert Comment.objects.get(pk=question.pk).pinned_at is not None
    client.post(address, {"pinned": "0"})
    assert Comment.objects.get(pk=question.pk).pinned_at is None


def test_the_report_endpoint_refuses_bad_input_with_a_message_and_changes_nothing(client, comment):
    def report(comment_id, data):
        return client.post(
            f"/api/v1/comments/{comment_id}/report/", data, content_type="application/json"
        )

    assert report(comment.pk, {"reason": "Spam"}).status_code == 403  # not signed in
    client.force_login(UserFactory())
    assert report(comment.pk, {}).json()["reason"]
    assert report(comment.pk, {"reason": "x" * 501}).status_code == 400
    assert report(2**70, {"reason": "Spam"}).status_code == 404
    assert report(comment.pk + 1000, {"reason": "Spam"}).status_code == 404
    assert not CommentReport.objects.exists()
    assert report(comment.pk, {"reason": "Spam"}).status_code == 201
    duplicate = report(comment.pk, {"reason": "Spam"})
    assert duplicate.status_code == 400
    assert duplicate.json()["detail"]
    assert CommentReport.objects.count() == 1


def test_three_reports_through_the_api_hide_the_comment_pending_review(client, comment):
    for _ in range(3):
        client.force_login(UserFactory())
        response = client.post(
            f"/api/v1/comments/{comment.pk}/report/",
            {"reason": "Spam"},
            content_type="application/json",
        )
    assert response.json() == {"comment": comment.pk, "status": "pending-review"}
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.PENDING_REVIEW
