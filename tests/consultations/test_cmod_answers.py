"""Official answers: the owning body's representatives (and a dialogue session's moderator)
answer comments; the answer shows under the comment, is pushed live, counted, kept with its
earlier wording when changed, and the comment's author hears of it."""

import datetime
import json

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from wagtail.models import ModelLogEntry

from civic_platform.notifications.models import Notification
from consultations.choices import CommentStatus, ConsultationKind, LiveEventType
from consultations.groups import consultation_group
from consultations.models import DiscussionTally, LiveEvent, OfficialAnswer
from consultations.payloads import comment_payload
from consultations.services.answers import answer_give
from consultations.services.dialogue import comment_pin
from tests.consultations.helpers import make_comment, make_consultation, owning_body
from tests.factories import UserFactory
from tests.organisations.helpers import add_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def body():
    return owning_body()


@pytest.fixture
def consultation(body):
    return make_consultation(owner=body[0])


def test_a_representative_answers_a_comment_and_everyone_sees_it_under_the_comment(
    body, consultation
):
    _organisation, representative = body
    author = UserFactory()
    comment = make_comment(consultation, author)

    answer_give(
        comment=comment,
        user=representative,
        outcome="partly-accepted",
        reason="<p>Qismən nəzərə alındı: <script>alert(1)</script> bax http://maliyye.gov.az</p>",
    )

    comment.refresh_from_db()
    payload = comment_payload(comment)
    assert payload["answer"]["outcome"] == "partly-accepted"
    assert payload["answer"]["organisation"] == "Maliyyə Nazirliyi"
    reason = payload["answer"]["reason_html"]
    assert "<script>" not in reason and "&lt;script&gt;" in reason
    assert 'rel="nofollow ugc noopener"' in reason
    event = LiveEvent.objects.get(comment=comment)
    assert event.type == LiveEventType.ANSWER
    assert comment.event_id == event.pk
    assert DiscussionTally.objects.get(consultation=consultation).answered_count == 1
    assert Notification.objects.filter(user=author, event__kind="consultations.answer-given")


def test_changing_an_answer_keeps_its_earlier_wording_in_the_audit_log_and_counts_once(
    body, consultation
):
    _organisation, representative = body
    comment = make_comment(consultation)
    answer_give(comment=comment, user=representative, outcome="noted", reason="Qeyd edildi.")
    answer_give(
        comment=comment, user=representative, outcome="accepted", reason="Layihəyə əlavə edildi."
    )

    answer = OfficialAnswer.objects.get(comment=comment)
    assert (answer.outcome, answer.reason) == ("accepted", "<p>Layihəyə əlavə edildi.</p>")
    assert answer.updated_at is not None
    change = ModelLogEntry.objects.get(action="consultations.answer_changed")
    assert change.data["previous_outcome"] == "noted"
    assert change.data["previous_reason"] == "<p>Qeyd edildi.</p>"
    assert DiscussionTally.objects.get(consultation=consultation).answered_count == 1
    assert LiveEvent.objects.filter(comment=comment, type=LiveEventType.ANSWER).count() == 2
    # The author heard of the answer once, not of every correction.
    assert Notification.objects.filter(event__kind="consultations.answer-given").count() == 1


@pytest.mark.parametrize("who", ["member of the body", "other body", "author", "someone"])
def test_only_a_representative_of_the_owning_body_answers(who):
    organisation, _representative = owning_body()
    consultation = make_consultation(owner=organisation)
    comment = make_comment(consultation)
    user = {
        "member of the body": lambda: add_member(organisation),
        "other body": lambda: owning_body("İqtisadiyyat Nazirliyi")[1],
        "author": lambda: comment.author,
        "someone": UserFactory,
    }[who]()
    with pytest.raises(PermissionDenied):
        answer_give(comment=comment, user=user, outcome="noted", reason="Qeyd edildi.")
    assert not OfficialAnswer.objects.exists()
    assert not LiveEvent.objects.exists()


def test_the_representative_of_a_body_not_yet_verified_cannot_answer():
    organisation, representative = owning_body("Yeni Agentlik", verified=False)
    comment = make_comment(make_consultation(owner=organisation))
    with pytest.raises(PermissionDenied):
        answer_give(comment=comment, user=representative, outcome="noted", reason="Qeyd.")
    assert not OfficialAnswer.objects.exists()


@pytest.mark.parametrize(
    ("outcome", "reason", "message"),
    [
        ("maybe", "Səbəb", "Choose one of"),
        ("noted", "   ", "Give the reason"),
        ("noted", "<p> </p>", "Give the reason"),
        ("noted", "a" * 5001, "within 5000 characters"),
    ],
)
def test_an_answer_without_a_known_outcome_or_a_reason_is_refused_with_a_message(
    body, consultation, outcome, reason, message
):
    comment = make_comment(consultation)
    with pytest.raises(ValidationError, match=message):
        answer_give(comment=comment, user=body[1], outcome=outcome, reason=reason)
    assert not OfficialAnswer.objects.exists()


def test_a_hidden_comment_cannot_be_answered(body, consultation):
    comment = make_comment(consultation, status=CommentStatus.HIDDEN, hidden_reason="Təhqir")
    with pytest.raises(ValidationError, match="visible"):
        answer_give(comment=comment, user=body[1], outcome="noted", reason="Qeyd edildi.")


# --- Dialogue sessions -------------------------------------------------------------------------


@pytest.fixture
def session(body):
    return make_consultation(
        "Hökumət–vətəndaş cəmiyyəti dialoqu",
        slug="dialoq",
        kind=ConsultationKind.DIALOGUE_SESSION,
        owner=body[0],
        opens_in=datetime.timedelta(minutes=-30),
        lasts=datetime.timedelta(hours=2),
        moderator=UserFactory(),
    )


def test_the_session_moderator_pins_a_question_live_and_answers_it(session):
    question = make_comment(session, stance="question")
    comment_pin(comment=question, user=session.moderator)
    question.refresh_from_db()
    assert comment_payload(question)["pinned"] is True
    assert LiveEvent.objects.get(comment=question).type == LiveEventType.PINNED

    answer_give(
        comment=question, user=session.moderator, outcome="noted", reason="Nazir cavab verdi."
    )
    comment_pin(comment=question, user=session.moderator, pinned=False)
    question.refresh_from_db()
    assert comment_payload(question)["pinned"] is False
    assert comment_payload(question)["answer"]["outcome"] == "noted"
    assert list(
        LiveEvent.objects.filter(comment=question).order_by("pk").values_list("type", flat=True)
    ) == [LiveEventType.PINNED, LiveEventType.ANSWER, LiveEventType.PINNED]


def test_pinning_twice_pushes_nothing_more(session):
    question = make_comment(session)
    comment_pin(comment=question, user=session.moderator)
    comment_pin(comment=question, user=session.moderator)
    assert LiveEvent.objects.filter(comment=question).count() == 1


def test_nobody_but_the_session_moderator_pins_and_no_budget_consultation_has_pins(
    session, consultation, body
):
    question = make_comment(session)
    for user in (UserFactory(), question.author):
        with pytest.raises(PermissionDenied):
            comment_pin(comment=question, user=user)
    # A body's representative answers but does not run somebody else's session.
    with pytest.raises(PermissionDenied):
        comment_pin(comment=question, user=body[1])
    on_budget = make_comment(consultation)
    with pytest.raises(PermissionDenied):
        comment_pin(comment=on_budget, user=session.moderator)
    assert not LiveEvent.objects.exists()


def test_the_session_moderator_may_not_answer_on_another_consultation(session, consultation):
    with pytest.raises(PermissionDenied):
        answer_give(
            comment=make_comment(consultation),
            user=session.moderator,
            outcome="noted",
            reason="Qeyd edildi.",
        )


def test_an_answer_reaches_the_open_pages_through_the_channel_layer_after_the_commit(
    body, consultation, django_capture_on_commit_callbacks
):
    layer = get_channel_layer()
    channel = async_to_sync(layer.new_channel)()
    async_to_sync(layer.group_add)(consultation_group(consultation.pk), channel)
    comment = make_comment(consultation)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            answer_give(comment=comment, user=body[1], outcome="accepted", reason="Qəbul edildi.")
        message = async_to_sync(layer.receive)(channel)
    finally:
        async_to_sync(layer.group_discard)(consultation_group(consultation.pk), channel)
    frame = json.loads(message["frame"])
    assert frame["type"] == "comment.answered"
    assert frame["id"] == LiveEvent.objects.get(comment=comment).pk
    assert frame["comment"]["answer"]["outcome"] == "accepted"
