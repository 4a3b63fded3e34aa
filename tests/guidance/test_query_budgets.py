"""Each guidance page answers in a bounded number of queries, however many guides there are."""

import pytest

from guidance.models import GuidanceIndexPage, GuidePage
from tests.query_budget import assert_query_budget

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
    # A nonsense answer in the wizard's address is a 400 page, which has its budget too.
    assert_query_budget(client, path, budget, grow=lambda: _more_guides(3), statuses=(200, 400))
