"""Moderation: people report comments; three open reports hide one pending review; moderators
work the queue in the admin (hide with a public reason, restore, block the author), each
decision in Wagtail's audit log and pushed live; a hidden comment leaves a placeholder."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation
from wagtail.models import ModelLogEntry

from consultations import rules
from consultations.choices import CommentStatus, LiveEventType
from consultations.models import AuthorBlock, Comment, CommentReport, LiveEvent
from consultations.payloads import comment_payload
from consultations.services.moderation import (
    author_block,
    comment_hide,
    comment_report,
    comment_restore,
)
from tests.accounts import log_in_with_second_factor
from tests.consultations.helpers import make_comment, make_consultation
from tests.factories import UserFactory
from tests.organisations.helpers import moderator
from tests.themes.editorial_team import team_member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def comment():
    return make_comment(make_consultation(), body="<p>Bu büdcə oğurluqdur, hamısı yalançıdır!</p>")


def report_three_times(comment):
    for reason in ("Təhqir", "Spam", "Yalan"):
        comment_report(comment=comment, reporter=UserFactory(), reason=reason)
    comment.refresh_from_db()
    return comment


def test_two_reports_leave_the_comment_visible_and_the_third_hides_it_pending_review(comment):
    comment_report(comment=comment, reporter=UserFactory(), reason="Təhqir")
    comment_report(comment=comment, reporter=UserFactory(), reason="Spam")
    comment.refresh_from_db()
    assert (comment.status, comment.report_count) == (CommentStatus.VISIBLE, 2)
    assert not LiveEvent.objects.exists()

    comment_report(comment=comment, reporter=UserFactory(), reason="Yalan")
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING_REVIEW
    assert LiveEvent.objects.get(comment=comment).type == LiveEventType.COMMENT_HIDDEN
    placeholder = comment_payload(comment)
    assert placeholder["body_html"] == "" and placeholder["author"] is None
    assert placeholder["status"] == "pending-review"


def test_a_person_reports_a_comment_once_and_never_their_own(comment):
    reporter = UserFactory()
    comment_report(comment=comment, reporter=reporter, reason="Təhqir")
    with pytest.raises(ValidationError, match="already reported"):
        comment_report(comment=comment, reporter=reporter, reason="Yenə təhqir")
    with pytest.raises(PermissionDenied):
        comment_report(comment=comment, reporter=comment.author, reason="Səhv yazdım")
    assert CommentReport.objects.count() == 1
    assert Comment.objects.get(pk=comment.pk).report_count == 1


@pytest.mark.parametrize("reason", ["", "   ", "x" * 501])
def test_a_report_without_a_reason_or_with_a_very_long_one_is_refused(comment, reason):
    with pytest.raises(ValidationError, match="reason"):
        comment_report(comment=comment, reporter=UserFactory(), reason=reason)
    assert not CommentReport.objects.exists()


def test_a_moderator_hides_a_comment_with_a_public_reason_recorded_in_the_audit_log(comment):
    user, _secret = moderator()
    report_three_times(comment)

    comment_hide(comment=comment, moderator=user, reason="Təhqiramiz ifadələr")

    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN
    assert comment_payload(comment)["hidden_reason"] == "Təhqiramiz ifadələr"
    assert comment.report_count == 0
    assert not CommentReport.objects.filter(resolved_at__isnull=True).exists()
    entry = ModelLogEntry.objects.get(action="consultations.comment_hidden")
    assert (entry.user_id, entry.data["reason"]) == (user.pk, "Təhqiramiz ifadələr")
    assert list(
        LiveEvent.objects.filter(comment=comment).order_by("pk").values_list("type", flat=True)
    ) == [LiveEventType.COMMENT_HIDDEN, LiveEventType.COMMENT_HIDDEN]


def test_a_moderator_restores_a_comment_hidden_by_reports_and_pages_show_it_again(comment):
    user, _secret = moderator()
    report_three_times(comment)

    comment_restore(comment=comment, moderator=user)

    comment.refresh_from_db()
    assert comment.status == CommentStatus.VISIBLE
    assert comment_payload(comment)["body_html"].startswith("<p>Bu büdcə")
    assert LiveEvent.objects.filter(comment=comment).latest("pk").type == (
        LiveEventType.COMMENT_RESTORED
    )
    assert ModelLogEntry.objects.filter(action="consultations.comment_restored").exists()
    # The reports were answered: three new ones are needed to hide it again.
    comment_report(comment=comment, reporter=UserFactory(), reason="Yenə")
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.VISIBLE


def test_blocking_an_author_hides_the_comment_and_stops_them_taking_part(comment):
    user, _secret = moderator()
    author = comment.author
    assert rules.may_take_part(author)

    author_block(comment=comment, moderator=user, reason="Təkrarlanan təhqirlər")

    assert AuthorBlock.objects.get(user=author).blocked_by == user
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.HIDDEN
    author = type(author).objects.get(pk=author.pk)
    assert not rules.can(author, rules.POST, comment.consultation)
    assert ModelLogEntry.objects.filter(action="consultations.author_blocked").exists()
    with pytest.raises(ValidationError, match="blocked already"):
        author_block(comment=comment, moderator=user, reason="Yenə")


def test_people_who_are_not_moderators_cannot_hide_restore_or_block(comment):
    for someone in (UserFactory(), comment.author, team_member("Editors", ())[0]):
        with pytest.raises(PermissionDenied):
            comment_hide(comment=comment, moderator=someone, reason="Mən istəmirəm")
        with pytest.raises(PermissionDenied):
            comment_restore(comment=comment, moderator=someone)
        with pytest.raises(PermissionDenied):
            author_block(comment=comment, moderator=someone, reason="Mən istəmirəm")
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.VISIBLE
    assert not AuthorBlock.objects.exists()


def test_the_moderators_group_holds_the_permission_to_moderate_comments():
    group = Group.objects.get(name="Moderators")
    assert group.permissions.filter(
        content_type__app_label="consultations", codename="moderate_comment"
    ).exists()


# --- The admin queue -----------------------------------------------------------------------------


def test_a_moderator_works_the_queue_in_the_admin_and_the_decision_is_logged(client, comment):
    reported_once = make_comment(comment.consultation, body="<p>Reklam: ucuz kredit</p>")
    comment_report(comment=reported_once, reporter=UserFactory(), reason="Reklamdır")
    report_three_times(comment)
    user, secret = moderator()
    log_in_with_second_factor(client, user, secret)

    menu = client.get("/admin/").content.decode()
    assert "/admin/consultations/moderation/" in menu
    queue = client.get("/admin/consultations/moderation/").content.decode()
    # Hidden pending review first, with the reasons people gave.
    assert queue.index(f"/admin/consultations/moderation/{comment.pk}/") < queue.index(
        f"/admin/consultations/moderation/{reported_once.pk}/"
    )
    for reason in ("Təhqir", "Spam", "Yalan", "Reklamdır"):
        assert reason in queue

    address = f"/admin/consultations/moderation/{comment.pk}/"
    refused = client.post(address, {"decision": "hide", "reason": ""})
    assert refused.status_code == 400
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.PENDING_REVIEW

    decided = client.post(address, {"decision": "hide", "reason": "Təhqiramiz ifadələr"})
    assert decided.status_code == 302
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.HIDDEN
    entry = ModelLogEntry.objects.get(action="consultations.comment_hidden")
    assert entry.user_id == user.pk

    kept = client.post(
        f"/admin/consultations/moderation/{reported_once.pk}/", {"decision": "restore"}
    )
    assert kept.status_code == 302
    assert (
        f"/{reported_once.pk}/"
        not in client.get("/admin/consultations/moderation/").content.decode()
    )


def test_the_queue_is_refused_to_an_editor_who_is_not_a_moderator(client, comment):
    report_three_times(comment)
    user, secret = team_member("Editors", ())
    log_in_with_second_factor(client, user, secret)
    assert "/admin/consultations/moderation/" not in client.get("/admin/").content.decode()
    response = client.get("/admin/consultations/moderation/", follow=True)
    assert response.redirect_chain[0] == ("/admin/", 302)
    posted = client.post(
        f"/admin/consultations/moderation/{comment.pk}/", {"decision": "restore"}, follow=True
    )
    assert posted.redirect_chain[0] == ("/admin/", 302)
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.PENDING_REVIEW
