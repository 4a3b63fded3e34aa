"""The councils' pages and feeds answer in a number of queries that does not grow with the
number of councils, meetings, members or decisions."""

import datetime

import pytest

from councils.models import CouncilMember, CouncilPage
from tests.councils.helpers import (
    councils_with_meetings,
    make_meeting,
    make_minutes,
)
from tests.query_budget import assert_query_budget

pytestmark = pytest.mark.django_db

BUDGETS = [
    ("/az/councils/", 14),
    ("/en/councils/?kind=state_body&status=active", 14),
    ("/az/councils/sura-0/", 16),
    ("/az/councils/sura-0/iclas-0-0/", 12),
    ("/az/councils/sura-0/iclas-0-0/minutes/", 12),
    ("/az/councils/feeds/minutes/", 12),
    ("/az/councils/sura-0/feeds/minutes/", 12),
    ("/az/councils/feeds/meetings/", 12),
    ("/az/councils/sura-0/feeds/meetings/", 12),
]


@pytest.mark.parametrize(("path", "budget"), BUDGETS)
def test_a_council_page_stays_within_its_query_budget_as_councils_and_meetings_grow(
    client, settings, site_structure, path, budget
):
    settings.PAGE_CACHE_SECONDS = 0
    councils_with_meetings(0, 1, 2)

    def grow():
        councils_with_meetings(1, 2, 4)
        # More meetings and decisions on the first council too.
        first = CouncilPage.objects.get(slug="sura-0")
        for m in range(2, 5):
            make_minutes(make_meeting(first, slug=f"iclas-0-{m}"), decisions=4)
        # More members, current and former, with their terms.
        first.members.add(
            *(
                CouncilMember(
                    name=f"Yeni Üzv {m}",
                    term_start=datetime.date(2020, 1, 1),
                    term_end=datetime.date(2022 if m % 2 else 2099, 1, 1),
                )
                for m in range(6)
            )
        )
        first.save_revision().publish()

    assert_query_budget(client, path, budget, grow=grow)
