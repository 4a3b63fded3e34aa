"""Guides in search, and a rebuild that indexes every type the apps register."""

import pytest
from django.core.management import call_command

from consultations.services.answers import answer_give
from consultations.services.comments import comment_create
from guidance.models import GuidanceIndexPage, GuidePage
from search.models import SearchEntry, SearchOutbox
from search.selectors import search
from tests.consultations.helpers import make_consultation, owning_body
from tests.councils.helpers import make_council, make_meeting, make_minutes
from tests.factories import UserFactory
from tests.search.conftest import refresh

pytestmark = pytest.mark.django_db


def found(query: str, doc_type: str) -> list[str]:
    refresh()
    return [hit.title for hit in search(query=query, language="az", doc_types=[doc_type]).hits]


def make_guide(*, publish=True) -> GuidePage:
    index = GuidanceIndexPage.objects.get(locale__language_code="az")
    guide = GuidePage(
        title="Qrant müqaviləsinin qeydiyyatı",
        slug="qrant-qeydiyyati-sinaq",
        locale=index.locale,
        summary="Xarici donorla bağlanan müqavilə necə qeydə alınır.",
        body=[
            {
                "type": "step",
                "value": {
                    "title": "Dövlət rüsumunun ödənilməsi",
                    "authority": "Ədliyyə Nazirliyi",
                    "documents": ["Müqavilənin surəti"],
                },
            }
        ],
        live=publish,
    )
    index.add_child(instance=guide)
    if publish:
        guide.save_revision().publish()
    return guide


def test_a_guide_is_found_by_the_words_of_its_steps_and_a_draft_one_never(
    backend, site_structure, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        guide = make_guide()
    assert found("dovlet rusumu", "guidance") == [guide.title]
    assert found("muqavilesinin", "guidance") == [guide.title]
    # The generic page document leaves guides to their own type: found once, not twice.
    assert not SearchEntry.objects.filter(doc_type="page", object_id=str(guide.pk)).exists()
    with django_capture_on_commit_callbacks(execute=True):
        guide.unpublish()
    assert found("dovlet rusumu", "guidance") == []


def test_a_rebuild_indexes_councils_minutes_consultations_comments_answers_and_guides(
    site_structure, search_index
):
    # Written without a drain, and the outbox emptied: only the rebuild can find them.
    council = make_council("Ekologiya üzrə İctimai Şura", slug="ekologiya-surasi")
    meeting = make_meeting(council, slug="iclas-eko", agenda=("Meşələrin qorunması",))
    minutes = make_minutes(meeting)
    owner, representative = owning_body()
    page = make_consultation(
        "Su təchizatı haqqında qanun layihəsi", slug="su-techizati", owner=owner
    )
    comment = comment_create(
        consultation=page, author=UserFactory(), body="Kəndlərdə içməli su çatışmır."
    )
    answer_give(
        comment=comment,
        user=representative,
        outcome="noted",
        reason="Kənd su kəmərləri proqrama daxil ediləcək.",
    )
    comment_title = "Kəndlərdə içməli su çatışmır."
    guide = make_guide()
    SearchOutbox.objects.all().delete()

    call_command("search_rebuild", verbosity=0)

    assert found("ekologiya surasinin", "council") == [council.title]
    assert found("meselerin", "meeting") == [meeting.title]
    assert found("meselerin qorunmasi", "minutes") == [minutes.title]
    assert found("su techizati", "consultation") == [page.title]
    assert found("kendlerde icmeli", "comment") == ["Kəndlərdə içməli su çatışmır."]
    assert found("kemerleri", "answer") == [f"{owner.name}: {comment_title}"]
    assert found("rusumunun", "guidance") == [guide.title]
