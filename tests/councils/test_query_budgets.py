"""The councils' pages and feeds answer in a number of queries that does not grow with the
number of councils, meetings, members or decisions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from councils.models import CouncilPage
from tests.councils.helpers import make_council, make_meeting, make_minutes
from tests.factories import UserFactory

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


def _queries(client, path) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def _councils(start: int, count: int, meetings: int):
    for n in range(start, start + count):
        council = make_council(
            f"Şura {n}",
            slug=f"sura-{n}",
            members=[(f"Üzv {n}-{m}", "member", UserFactory()) for m in range(3)],
        )
        for m in range(meetings):
            meeting = make_meeting(council, slug=f"iclas-{n}-{m}", agenda=("Bir", "İki", "Üç"))
            make_minutes(meeting, publish=m % 2 == 0, decisions=3)


@pytest.mark.parametrize(("path", "budget"), BUDGETS)
def test_a_council_page_stays_within_its_query_budget_as_councils_and_meetings_grow(
    client, settings, site_structure, path, budget
):
    settings.PAGE_CACHE_SECONDS = 0
    _councils(0, 1, 2)
    before = _queries(client, path)
    assert before <= budget, f"{path}: {before} queries, budget {budget}"
    _councils(1, 2, 4)
    # More meetings and decisions on the first council too.
    first = CouncilPage.objects.get(slug="sura-0")
    for m in range(2, 5):
        make_minutes(make_meeting(first, slug=f"iclas-0-{m}"), decisions=4)
    after = _queries(client, path)
    assert after <= budget, f"{path}: {after} queries with more data, budget {budget}"
    assert after == before, f"{path}: {before} queries became {after} with more data"
