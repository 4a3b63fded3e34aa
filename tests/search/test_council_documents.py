"""Councils, meetings and published minutes in search: found by inflected words typed with or
without Azerbaijani letters once their write is drained; drafts, withdrawn minutes and pages
closed to the public never."""

import pytest
from wagtail.models import PageViewRestriction

from councils.services import minutes_pdf_text_refresh
from search.models import SearchEntry
from search.selectors import search
from tests.councils.helpers import make_council, make_meeting, make_minutes
from tests.search.conftest import refresh

pytestmark = pytest.mark.django_db


def found(query: str, doc_type: str) -> list[str]:
    refresh()
    results = search(query=query, language="az", doc_types=[doc_type])
    return [hit.title for hit in results.hits]


def entries(doc_type: str, page) -> bool:
    return SearchEntry.objects.filter(doc_type=doc_type, object_id=str(page.pk)).exists()


@pytest.fixture
def council_pages(site_structure, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        council = make_council("Ədliyyə Nazirliyi yanında İctimai Şura", slug="edliyye-surasi")
        meeting = make_meeting(
            council,
            slug="iclas-1",
            agenda=("Hüquqi yardım haqqında qanun layihəsinin müzakirəsi",),
        )
        minutes = make_minutes(meeting)
    return council, meeting, minutes


def test_a_council_its_meeting_and_its_minutes_are_found_by_inflected_words_without_letters(
    backend, council_pages, django_capture_on_commit_callbacks
):
    council, meeting, minutes = council_pages
    assert found("ictimai surasi", "council") == [council.title]
    assert found("huquqi yardimin", "meeting") == [meeting.title]
    # The decision stands under the agenda item's title in the minutes.
    assert found("qanun layihesi", "minutes") == [minutes.title]
    entry = SearchEntry.objects.get(doc_type="minutes", object_id=str(minutes.pk))
    assert entry.facets["council"] == ["edliyye-surasi"]
    assert entry.facets["body"] == ["ministry-of-justice"]
    assert entry.facets["status"] == ["held"]
    assert entry.facets["year"] == [str(entry.date.year)]

    # Words that stand only in the signed PDF are found once its text is stored.
    assert found("seffafliq", "minutes") == []
    with django_capture_on_commit_callbacks(execute=True):
        minutes_pdf_text_refresh(
            minutes=minutes, text="İmzalanmış protokol: şəffaflıq öhdəlikləri təsdiq edildi."
        )
    assert found("seffafligin ohdelik", "minutes") == [minutes.title]


def test_draft_and_withdrawn_minutes_and_pages_closed_to_the_public_are_never_found(
    backend, council_pages, django_capture_on_commit_callbacks
):
    council, meeting, minutes = council_pages
    with django_capture_on_commit_callbacks(execute=True):
        other_meeting = make_meeting(council, slug="iclas-2", agenda=("Gizli gündəlik",))
        draft = make_minutes(other_meeting, publish=False)
    assert not entries("minutes", draft)
    assert found("protokol", "minutes") == [minutes.title]

    with django_capture_on_commit_callbacks(execute=True):
        minutes.unpublish()
    assert not entries("minutes", minutes)
    assert found("protokol", "minutes") == []

    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=meeting, restriction_type=PageViewRestriction.PASSWORD, password="gizli"
        )
    assert not entries("meeting", meeting)
    assert found("huquqi yardim", "meeting") == []
    # The rest of the council is still found.
    assert found("gizli gundelik", "meeting") == [other_meeting.title]

    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert found("huquqi yardim", "meeting") == [meeting.title]
