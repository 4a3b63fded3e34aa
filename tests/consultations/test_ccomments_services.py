import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.test import override_settings
from django.utils import timezone, translation

from civic_platform.organisations.models import Kind
from consultations.choices import CommentStatus, LiveEventType, RespondentType, Stance
from consultations.models import (
    Comment,
    CommentRevision,
    DiscussionTally,
    LiveEvent,
    SectionTally,
)
from consultations.services.comments import (
    CommentRateLimited,
    comment_create,
    comment_edit,
    comment_withdraw,
    endorsement_add,
    endorsement_remove,
)
from tests.consultations.comments_helpers import consultation, member_of, organisation
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def budget():
    return consultation()


def post(budget, author, body="Təhsilə ayrılan vəsait artırılmalıdır.", **fields):
    return comment_create(consultation=budget, author=author, body=body, **fields)


def test_a_comment_is_saved_sanitised_counted_and_recorded_as_a_live_event(budget):
    author = UserFactory()
    section = budget.sections.first()
    comment = post(
        budget,
        author,
        "Bəli <script>x()</script>",
        section_key=section.translation_key,
        stance=Stance.SUPPORT,
    )
    assert "<script" not in comment.body and "&lt;script&gt;" in comment.body
    tally = DiscussionTally.objects.get(consultation=budget)
    assert (tally.comment_count, tally.top_level_count) == (1, 1)
    assert SectionTally.objects.get(section_key=section.translation_key).comment_count == 1
    event = LiveEvent.objects.get(comment=comment)
    assert event.type == LiveEventType.COMMENT_CREATED
    assert Comment.objects.get(pk=comment.pk).event_id == event.pk == tally.last_event_id


def test_a_reply_to_a_reply_is_filed_under_its_top_level_comment(budget):
    top = post(budget, UserFactory())
    reply = post(budget, UserFactory(), "Razıyam.", parent=top)
    second = post(budget, UserFactory(), "Mən də.", parent=reply.pk)
    assert second.parent_id == top.pk
    assert Comment.objects.get(pk=top.pk).reply_count == 2
    tally = DiscussionTally.objects.get(consultation=budget)
    assert (tally.comment_count, tally.top_level_count) == (3, 1)


def test_a_section_of_another_consultation_is_refused(budget):
    other = consultation(title="Başqa layihə")
    with pytest.raises(ValidationError) as refused:
        post(budget, UserFactory(), section_key=other.sections.first().translation_key)
    assert "section" in refused.value.message_dict
    assert not Comment.objects.exists()


def test_nobody_comments_on_a_closed_consultation_nor_without_a_verified_email(budget):
    closed = consultation(open_now=False)
    with pytest.raises(PermissionDenied, match="closed"):
        post(closed, UserFactory())
    unverified = UserFactory(verified_email=False)
    unverified.emailaddress_set.update(verified=False)
    with pytest.raises(PermissionDenied, match="verified email"):
        post(budget, unverified)
    assert not Comment.objects.exists()


def test_ngo_is_offered_only_to_a_member_of_a_verified_ngo_and_shown_with_its_name(budget):
    verified = organisation(Kind.NGO, name="Şəffaf Büdcə")
    unverified = organisation(Kind.NGO, verified=False)
    member = member_of(verified)
    comment = post(budget, member, respondent_type=RespondentType.NGO)
    assert comment.organisation == verified
    with pytest.raises(ValidationError) as refused:
        post(budget, member_of(unverified), "Başqa", respondent_type=RespondentType.NGO)
    assert "respondent_type" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        post(
            budget,
            UserFactory(),
            "Üçüncü",
            respondent_type=RespondentType.NGO,
            organisation=verified.pk,
        )
    assert "organisation" in refused.value.message_dict


def test_speaking_for_an_organisation_of_another_kind_is_refused(budget):
    business = organisation(Kind.BUSINESS)
    member = member_of(business)
    with pytest.raises(ValidationError):
        post(budget, member, respondent_type=RespondentType.NGO, organisation=business.pk)
    assert post(budget, member, respondent_type=RespondentType.BUSINESS).organisation == business


@override_settings(CONSULTATION_COMMENTS_PER_MINUTE=5)
def test_the_sixth_comment_in_a_minute_is_refused_with_a_readable_message(budget):
    author = UserFactory()
    for number in range(5):
        post(budget, author, f"Fikir {number}")
    with pytest.raises(CommentRateLimited) as refused:
        post(budget, author, "Fikir 6")
    assert "5 comments in the last minute" in refused.value.message
    assert Comment.objects.count() == 5
    post(budget, UserFactory(), "Başqasının fikri")  # the limit is per person


@override_settings(CONSULTATION_COMMENTS_PER_MINUTE=100, CONSULTATION_COMMENTS_PER_DAY=3)
def test_the_daily_limit_holds_too(budget):
    author = UserFactory()
    for number in range(3):
        post(budget, author, f"Fikir {number}")
    with pytest.raises(CommentRateLimited, match="today"):
        post(budget, author, "Dördüncü")


def test_the_same_text_twice_within_ten_minutes_is_refused(budget):
    author = UserFactory()
    post(budget, author, "Eyni mətn")
    with pytest.raises(ValidationError, match="same text"):
        post(budget, author, "Eyni mətn")
    Comment.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=11))
    post(budget, author, "Eyni mətn")
    post(budget, UserFactory(), "Eyni mətn")  # someone else may say the same


def test_the_author_edits_within_fifteen_minutes_and_the_old_text_is_kept(budget):
    author = UserFactory()
    comment = post(budget, author, "Birinci variant")
    edited = comment_edit(comment=comment, user=author, body="İkinci variant")
    assert "İkinci" in edited.body and edited.edited_at is not None
    assert [r.body for r in CommentRevision.objects.filter(comment=comment)] == [
        "<p>Birinci variant</p>"
    ]
    assert LiveEvent.objects.filter(comment=comment).last().type == LiveEventType.COMMENT_UPDATED
    with pytest.raises(PermissionDenied):
        comment_edit(comment=comment, user=UserFactory(), body="Oğurlanmış")
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=16)
    )
    with pytest.raises(PermissionDenied, match="15 minutes"):
        comment_edit(comment=comment, user=author, body="Gec")
    assert CommentRevision.objects.filter(comment=comment).count() == 1


def test_withdrawing_leaves_a_placeholder_and_only_the_author_may(budget):
    author = UserFactory()
    comment = post(budget, author)
    with pytest.raises(PermissionDenied):
        comment_withdraw(comment=comment, user=UserFactory())
    comment_withdraw(comment=comment, user=author)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.WITHDRAWN
    assert LiveEvent.objects.filter(comment=comment).last().type == (
        LiveEventType.COMMENT_WITHDRAWN
    )


def test_a_person_endorses_a_comment_once_and_may_take_it_back(budget):
    comment = post(budget, UserFactory())
    reader = UserFactory()
    endorsement_add(comment=comment, user=reader)
    endorsement_add(comment=comment, user=reader)
    assert Comment.objects.get(pk=comment.pk).endorsement_count == 1
    endorsement_remove(comment=comment, user=reader)
    endorsement_remove(comment=comment, user=reader)
    assert Comment.objects.get(pk=comment.pk).endorsement_count == 0
    with pytest.raises(PermissionDenied, match="own"):
        endorsement_add(comment=comment, user=comment.author)


@pytest.mark.django_db(transaction=True)
@override_settings(CONSULTATION_COMMENTS_PER_MINUTE=5)
def test_the_minute_limit_is_exact_when_one_person_posts_from_many_workers_at_once():
    budget = consultation()
    author = UserFactory()

    def attempt(number):
        try:
            post(budget, author, f"Eyni anda {number}")
            return "saved"
        except CommentRateLimited:
            return "refused"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=6) as pool:
        outcomes = list(pool.map(attempt, range(12)))
    assert outcomes.count("saved") == 5 == Comment.objects.count()
    assert outcomes.count("refused") == 7
