"""Verified organisations' public profiles in search, in every language, linking to the profile
page there; an unverified organisation, which has no public profile, never."""

import pytest

from civic_platform.organisations.services import organisation_update
from search.selectors import search
from tests.organisations.helpers import organisation_with_representative
from tests.search.conftest import refresh

pytestmark = pytest.mark.django_db


def found(query: str, language: str) -> list[tuple[str, str]]:
    refresh()
    results = search(query=query, language=language, doc_types=["organisation"])
    return [(hit.title, hit.url) for hit in results.hits]


def test_a_verified_organisation_is_found_by_its_description_in_every_language(
    backend, site_structure, django_capture_on_commit_callbacks
):
    verified, representative = organisation_with_representative(
        "Şəffaf Büdcə Birliyi", verified=True
    )
    hidden, other = organisation_with_representative("Gizli Büdcə Birliyi", verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        organisation_update(
            organisation=verified,
            user=representative,
            description="Bələdiyyələrin öhdəliklərini izləyirik.",
        )
        organisation_update(
            organisation=hidden, user=other, description="Bələdiyyələrin öhdəliklərini."
        )
    # In Azerbaijani by another inflection typed without its letters; in English and Russian,
    # whose stemmers do not know Azerbaijani endings, by the words as written.
    for language, query in (
        ("az", "belediyye ohdeliyi"),
        ("en", "belediyyelerin"),
        ("ru", "bələdiyyələrin"),
    ):
        assert found(query, language) == [
            ("Şəffaf Büdcə Birliyi", f"/{language}/organisations/{verified.slug}/")
        ]
    assert found("gizli", "az") == []
