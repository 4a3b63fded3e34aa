"""A comment's permanent address (what search results link to): it opens the consultation page
in the reader's language at the page of the thread that holds the comment, without JavaScript,
even when the comment is far from the first page; hidden, withdrawn and unknown comments are
not found."""

import pytest
from django.db.models import F

from consultations.choices import CommentStatus
from consultations.models import Comment
from tests.consultations.comments_helpers import consultation
from tests.consultations.helpers import make_comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def budget():
    """A consultation in az/en/ru whose discussion holds 45 top-level comments, the first one
    with a reply: its thread is on the third page of the newest-first discussion."""
    page = consultation()
    first = make_comment(page, body="<p>Ən köhnə fikir: kitabxanalar</p>")
    for number in range(44):
        make_comment(page, body=f"<p>Fikir {number}</p>")
    reply = make_comment(page, body="<p>Cavab: razıyam</p>", parent=first)
    Comment.objects.filter(pk=first.pk).update(reply_count=F("reply_count") + 1)
    page.first_comment, page.reply = first, reply
    return page


def permalink(comment_id: int, language: str = "az") -> str:
    return f"/{language}/discussion/comments/{comment_id}/"


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_a_comment_far_down_the_discussion_opens_at_its_thread_in_the_readers_language(
    client, budget, language
):
    comment = budget.first_comment
    assert f'id="comment-{comment.pk}"' not in client.get(budget.url).content.decode()

    response = client.get(permalink(comment.pk, language))
    assert response.status_code == 302
    assert response["Location"].startswith(f"/{language}/consultations/")
    assert response["Location"].endswith(f"#comment-{comment.pk}")

    shown = client.get(response["Location"].split("#")[0]).content.decode()
    assert f'id="comment-{comment.pk}"' in shown
    assert "Ən köhnə fikir: kitabxanalar" in shown


def test_a_reply_opens_with_the_replies_of_its_thread_shown(client, budget):
    response = client.get(permalink(budget.reply.pk))
    assert response["Location"].endswith(f"#comment-{budget.reply.pk}")
    shown = client.get(response["Location"].split("#")[0]).content.decode()
    assert f'id="comment-{budget.reply.pk}"' in shown
    assert "Cavab: razıyam" in shown


@pytest.mark.parametrize("status", [CommentStatus.HIDDEN, CommentStatus.WITHDRAWN])
def test_a_hidden_or_withdrawn_comment_has_no_address(client, budget, status):
    Comment.objects.filter(pk=budget.first_comment.pk).update(status=status)
    assert client.get(permalink(budget.first_comment.pk)).status_code == 404


def test_an_unknown_comment_or_one_of_an_unpublished_consultation_is_not_found(client, budget):
    assert client.get(permalink(10**6)).status_code == 404
    assert client.get(permalink(2**70)).status_code == 404
    budget.unpublish()
    assert client.get(permalink(budget.first_comment.pk)).status_code == 404


def test_the_address_answers_a_get_only(client, budget):
    assert client.post(permalink(budget.first_comment.pk)).status_code == 405


@pytest.mark.parametrize("language", ["az", "en"])
def test_the_address_costs_a_fixed_few_queries(
    client, budget, language, django_assert_max_num_queries
):
    # The comment, the page in the reader's language (each checked for view restrictions) and
    # the site it is served under: the same count for any comment of any discussion.
    with django_assert_max_num_queries(7):
        assert client.get(permalink(budget.first_comment.pk, language)).status_code == 302
