"""Consultations (with their budget lines), visible comments and official answers in search:
found by inflected words typed without Azerbaijani letters once the write is drained; a draft
consultation, a page closed to the public, a hidden or withdrawn comment never."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from wagtail.models import PageViewRestriction

from consultations.models import ConsultationPage
from consultations.services.answers import answer_give
from consultations.services.comments import comment_create, comment_edit, comment_withdraw
from consultations.services.lifecycle import consultations_periodic_run
from consultations.services.moderation import comment_hide, comment_restore
from search.models import SearchEntry
from search.selectors import search
from tests.consultations.comments_helpers import consultation
from tests.consultations.helpers import make_consultation, owning_body
from tests.factories import UserFactory
from tests.search.conftest import refresh

pytestmark = pytest.mark.django_db


def found(query: str, doc_type: str) -> list[str]:
    refresh()
    results = search(query=query, language="az", doc_types=[doc_type])
    return [hit.title for hit in results.hits]


def comment_moderator():
    """Somebody holding the permission the Moderators group gives."""
    user = UserFactory()
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="consultations", codename="moderate_comment")
    )
    return type(user).objects.get(pk=user.pk)


def indexed(doc_type: str, row) -> bool:
    return SearchEntry.objects.filter(doc_type=doc_type, object_id=str(row.pk)).exists()


def test_a_consultation_is_found_by_its_budget_lines_and_a_draft_or_private_one_never(
    backend, site_structure, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        budget = consultation(title="2027-ci il dövlət büdcəsinin layihəsi")
        draft = make_consultation("Gizli vergi layihəsi", slug="gizli-vergi", publish=False)
    # "Təhsil xərcləri 1" is one of its budget lines.
    assert found("tehsil xercleri", "consultation") == [budget.title]
    assert found("dovlet budcesi", "consultation") == [budget.title]
    entry = SearchEntry.objects.get(doc_type="consultation", object_id=str(budget.pk))
    assert entry.facets["status"] == ["open"]
    assert entry.facets["year"] == ["2027"]
    assert entry.facets["body"] == [budget.owner_organisation.slug]
    assert not indexed("consultation", draft)
    assert found("vergi", "consultation") == []

    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=budget, restriction_type=PageViewRestriction.PASSWORD, password="gizli"
        )
    assert not indexed("consultation", budget)
    assert found("tehsil xercleri", "consultation") == []


def test_comments_and_answers_follow_every_change_of_the_discussion(
    backend, site_structure, django_capture_on_commit_callbacks
):
    owner, representative = owning_body()
    page = make_consultation(owner=owner)
    author = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_create(
            consultation=page,
            author=author,
            body="Məktəblərin təmirinə ayrılan vəsait artırılmalıdır.",
        )
    assert found("mekteb temiri", "comment") == [
        "Məktəblərin təmirinə ayrılan vəsait artırılmalıdır."
    ]
    hit = search(query="mekteb", language="az", doc_types=["comment"]).hits[0]
    assert hit.url == f"/az/discussion/comments/{comment.pk}/"

    with django_capture_on_commit_callbacks(execute=True):
        answer = answer_give(
            comment=comment,
            user=representative,
            outcome="accepted",
            reason="Təklif nəzərə alındı: xəstəxanaların təmiri də artırılacaq.",
        )
    assert found("xestexanalarin", "answer") == [
        f"{owner.name}: Məktəblərin təmirinə ayrılan vəsait artırılmalıdır."
    ]
    assert SearchEntry.objects.get(doc_type="answer", object_id=str(answer.pk)).facets[
        "status"
    ] == ["accepted"]

    with django_capture_on_commit_callbacks(execute=True):
        comment_edit(comment=comment, user=author, body="Kitabxanaların təmiri vacibdir.")
    assert found("mekteb", "comment") == []
    assert found("kitabxana", "comment") == ["Kitabxanaların təmiri vacibdir."]

    user = comment_moderator()
    with django_capture_on_commit_callbacks(execute=True):
        comment_hide(comment=comment, moderator=user, reason="Mövzudan kənar")
    assert not indexed("comment", comment) and not indexed("answer", answer)
    assert found("kitabxana", "comment") == [] and found("xestexana", "answer") == []

    with django_capture_on_commit_callbacks(execute=True):
        comment_restore(comment=comment, moderator=user)
    assert found("kitabxana", "comment") == ["Kitabxanaların təmiri vacibdir."]
    assert indexed("answer", answer)

    with django_capture_on_commit_callbacks(execute=True):
        comment_withdraw(comment=comment, user=author)
    assert not indexed("comment", comment) and not indexed("answer", answer)
    assert found("kitabxana", "comment") == []


def found_in(query: str, language: str, doc_type: str) -> list[tuple[str, str]]:
    refresh()
    results = search(query=query, language=language, doc_types=[doc_type])
    return [(hit.title, hit.url) for hit in results.hits]


def test_a_comment_and_its_answer_are_found_in_every_language_of_the_consultation(
    backend, site_structure, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        budget = consultation()  # published in az, en and ru
        owner, representative = owning_body()
        ConsultationPage.objects.filter(translation_key=budget.translation_key).update(
            owner_organisation=owner
        )
        comment = comment_create(
            consultation=budget, author=UserFactory(), body="Kitabxanaların təmiri vacibdir."
        )
        answer_give(
            comment=comment,
            user=representative,
            outcome="accepted",
            reason="Kitabxanalar təmir olunacaq.",
        )
    for language in ("az", "en", "ru"):
        address = f"/{language}/discussion/comments/{comment.pk}/"
        assert found_in("kitabxanalarin", language, "comment") == [
            ("Kitabxanaların təmiri vacibdir.", address)
        ]
        # Analysed as the page's language, so in every language the words as written match.
        assert [url for _title, url in found_in("kitabxanalar", language, "answer")] == [address]

    with django_capture_on_commit_callbacks(execute=True):
        comment_hide(comment=comment, moderator=comment_moderator(), reason="Mövzudan kənar")
    for language in ("az", "en", "ru"):
        assert found_in("kitabxanalarin", language, "comment") == []
        assert found_in("kitabxanalar", language, "answer") == []


def test_a_comment_leaves_the_search_of_a_language_whose_translation_is_unpublished(
    backend, site_structure, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        budget = consultation()
        comment_create(
            consultation=budget, author=UserFactory(), body="Kitabxanaların təmiri vacibdir."
        )
    english = ConsultationPage.objects.get(
        translation_key=budget.translation_key, locale__language_code="en"
    )
    with django_capture_on_commit_callbacks(execute=True):
        english.unpublish()
    assert found_in("kitabxanalarin", "en", "comment") == []
    assert len(found_in("kitabxanalarin", "ru", "comment")) == 1
    assert len(found_in("kitabxanalarin", "az", "comment")) == 1


def test_the_comments_of_an_unpublished_consultation_leave_the_index(
    site_structure, search_index, django_capture_on_commit_callbacks
):
    page = make_consultation()
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_create(
            consultation=page, author=UserFactory(), body="Yolların & körpülərin təmiri vacibdir."
        )
    # Shown as written: the stored markup's entities are characters again.
    assert found("yollarin", "comment") == ["Yolların & körpülərin təmiri vacibdir."]
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert not indexed("comment", comment)
    assert found("yollarin", "comment") == []


def test_a_consultation_closing_by_the_clock_is_indexed_again_as_closed(
    site_structure, search_index, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_consultation()
    entry = SearchEntry.objects.get(doc_type="consultation", object_id=str(page.pk))
    assert entry.facets["status"] == ["open"]
    # Time passes: the consultation's closing moment goes by without anybody writing to it.
    ConsultationPage.objects.filter(pk=page.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        consultations_periodic_run()
    entry = SearchEntry.objects.get(doc_type="consultation", object_id=str(page.pk))
    assert entry.facets["status"] == ["closed"]
    refresh()
    hits = search(query="budcesi", language="az", doc_types=["consultation"]).hits
    assert [hit.title for hit in hits] == [page.title]
