"""The permission matrix of a consultation's discussion: every role against every action, on
two consultations (an open draft budget and a dialogue session that has ended, owned by
different bodies). `rules.can` decides; where a service or the API does the action, the test
does it that way too and checks that the refusal (or the success) is what a person meets."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from consultations import rules
from consultations.choices import CommentStatus, ConsultationKind
from consultations.models import Comment
from consultations.services.answers import answer_give
from consultations.services.dialogue import comment_pin
from consultations.services.moderation import comment_hide
from tests.consultations.helpers import make_comment, make_consultation, ngo_member, owning_body
from tests.factories import UserFactory
from tests.organisations.helpers import moderator

pytestmark = pytest.mark.django_db

ROLES = (
    "author",
    "other user",
    "NGO member",
    "body representative",
    "moderator",
    "session moderator",
    "anonymous",
)
SIGNED_IN = set(ROLES) - {"anonymous"}
NOBODY: set[str] = set()

# Who may do what. The budget is open and owned by the representative's body; the dialogue
# session is owned by another body, has its own moderator and ended yesterday.
EXPECTED = {
    "budget": {
        rules.POST: SIGNED_IN,
        rules.EDIT: {"author"},
        rules.WITHDRAW: {"author"},
        rules.ENDORSE: SIGNED_IN - {"author"},
        rules.REPORT: SIGNED_IN - {"author"},
        rules.ANSWER: {"body representative"},
        rules.MODERATE: {"moderator"},
        rules.PIN: NOBODY,
        rules.EXPORT_FULL: {"body representative", "moderator"},
    },
    "session": {
        rules.POST: NOBODY,
        rules.EDIT: NOBODY,
        rules.WITHDRAW: {"author"},
        rules.ENDORSE: SIGNED_IN - {"author"},
        rules.REPORT: SIGNED_IN - {"author"},
        rules.ANSWER: {"session moderator"},
        rules.MODERATE: {"moderator"},
        rules.PIN: {"session moderator", "moderator"},
        rules.EXPORT_FULL: {"moderator"},
    },
}
ON_CONSULTATION = {rules.POST, rules.ANSWER, rules.PIN, rules.EXPORT_FULL}


@pytest.fixture
def world():
    body, representative = owning_body()
    other_body, _ = owning_body("Ədliyyə Nazirliyi")
    author = UserFactory()
    people = {
        "author": author,
        "other user": UserFactory(),
        "NGO member": ngo_member()[0],
        "body representative": representative,
        "moderator": moderator()[0],
        "session moderator": UserFactory(),
        "anonymous": AnonymousUser(),
    }
    budget = make_consultation(owner=body)
    session = make_consultation(
        "Vətəndaş cəmiyyəti ilə dialoq",
        slug="dialoq",
        kind=ConsultationKind.DIALOGUE_SESSION,
        owner=other_body,
        opens_in=-datetime.timedelta(days=2),
        lasts=datetime.timedelta(days=1),
        moderator=people["session moderator"],
    )
    comments = {
        "budget": make_comment(budget, author, created_at=timezone.now()),
        "session": make_comment(session, author, stance="question"),
    }
    return people, comments


def _target(action, comment):
    return comment.consultation if action in ON_CONSULTATION else comment


@pytest.mark.parametrize("consultation", sorted(EXPECTED))
@pytest.mark.parametrize("action", sorted(EXPECTED["budget"]))
def test_each_role_may_do_exactly_what_the_matrix_says(world, consultation, action):
    people, comments = world
    comment = comments[consultation]
    allowed = {
        role for role, user in people.items() if rules.can(user, action, _target(action, comment))
    }
    assert allowed == EXPECTED[consultation][action]


@pytest.mark.parametrize("consultation", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_answering_through_the_service_follows_the_matrix(world, consultation, role):
    people, comments = world
    user, comment = people[role], comments[consultation]
    if role in EXPECTED[consultation][rules.ANSWER]:
        answer_give(comment=comment, user=user, outcome="noted", reason="Qeyd edildi.")
        assert Comment.objects.get(pk=comment.pk).answer.outcome == "noted"
    else:
        with pytest.raises(PermissionDenied):
            answer_give(comment=comment, user=user, outcome="noted", reason="Qeyd edildi.")


@pytest.mark.parametrize("consultation", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_hiding_and_pinning_through_the_services_follow_the_matrix(world, consultation, role):
    people, comments = world
    user, comment = people[role], comments[consultation]
    if role in EXPECTED[consultation][rules.PIN]:
        assert comment_pin(comment=comment, user=user).pinned_at is not None
    else:
        with pytest.raises(PermissionDenied):
            comment_pin(comment=comment, user=user)
    if role in EXPECTED[consultation][rules.MODERATE]:
        comment_hide(comment=comment, moderator=user, reason="Mövzudan kənar")
        assert Comment.objects.get(pk=comment.pk).status == CommentStatus.HIDDEN
    else:
        with pytest.raises(PermissionDenied):
            comment_hide(comment=comment, moderator=user, reason="Mövzudan kənar")
        assert Comment.objects.get(pk=comment.pk).status == CommentStatus.VISIBLE


def _sign_in(client, user):
    if user.is_authenticated:
        client.force_login(user)


@pytest.mark.parametrize("consultation", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_the_full_export_and_reporting_through_the_api_follow_the_matrix(
    client, world, consultation, role
):
    people, comments = world
    user, comment = people[role], comments[consultation]
    _sign_in(client, user)
    export = client.get(f"/api/v1/consultations/{comment.consultation_id}/outcome/comments/full/")
    assert export.status_code == (200 if role in EXPECTED[consultation][rules.EXPORT_FULL] else 403)
    assert (
        client.get(f"/api/v1/consultations/{comment.consultation_id}/outcome/comments/").status_code
        == 200
    )

    report = client.post(
        f"/api/v1/comments/{comment.pk}/report/",
        {"reason": "Mövzudan kənar"},
        content_type="application/json",
    )
    assert report.status_code == (201 if role in EXPECTED[consultation][rules.REPORT] else 403)
    assert Comment.objects.get(pk=comment.pk).report_count == (report.status_code == 201)
