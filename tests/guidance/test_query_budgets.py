"""Each guidance page answers in a bounded number of queries, however many guides there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from guidance.models import GuidanceIndexPage, GuidePage

pytestmark = pytest.mark.django_db

CHECKLIST = "org_kind=public_union&founders=with_foreigner&online=yes&grant=foreign_donor"
BUDGETS = [
    ("/az/guidance/", 13),
    ("/en/guidance/?page=1", 13),
    ("/ru/guidance/ngo-registration/", 10),
    ("/az/guidance/what-do-i-need/", 9),
    (f"/en/guidance/what-do-i-need/checklist/?{CHECKLIST}", 12),
    ("/ru/guidance/what-do-i-need/checklist/?org_kind=nonsense", 10),
]


def _queries(client, path) -> int:
    """Queries of a render in steady state: the page cache is off, while what every page shares
    (site, navigation) is warm, as it is after the first visitor."""
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code in (200, 400), path
    return len(queries)


def _more_guides(count: int):
    """More guides in every language, each a copy of the sample NGO guide."""
    sample = GuidePage.objects.get(slug="ngo-registration", locale__language_code="az")
    for index in GuidanceIndexPage.objects.all():
        sample_here = sample.get_translation(index.locale)
        for number in range(count):
            guide = index.add_child(
                instance=GuidePage(
                    title=f"{sample_here.title} {number}",
                    slug=f"guide-{GuidePage.objects.count()}",
                    locale=index.locale,
                    summary=sample_here.summary,
                    body=sample_here.body.raw_data,
                )
            )
            guide.save_revision().publish()


@pytest.mark.parametrize(("path", "budget"), BUDGETS)
def test_a_guidance_page_stays_within_its_query_budget_as_guides_are_added(
    client, settings, demo_guidance, path, budget
):
    settings.PAGE_CACHE_SECONDS = 0
    before = _queries(client, path)
    assert before <= budget, f"{path}: {before} queries, budget {budget}"
    _more_guides(3)
    after = _queries(client, path)
    assert after <= budget, f"{path}: {after} queries with more guides, budget {budget}"
    assert after == before, f"{path}: {before} queries became {after} with more guides"
