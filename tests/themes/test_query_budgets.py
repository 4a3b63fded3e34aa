"""Each public page and API list answers in a bounded number of queries, whatever the data."""

import pytest
from wagtail.models import Locale

from tests.councils.helpers import make_council
from tests.factories import EvidenceLinkFactory, ProgressUpdateFactory
from tests.query_budget import assert_query_budget
from themes.models import Measure
from themes.services import indicator_snapshots_refresh

pytestmark = pytest.mark.django_db

BUDGETS = [
    ("/az/", 8),
    ("/az/plan/", 15),
    ("/en/plan/?theme=5&body=ministry-of-justice", 15),
    ("/en/plan/?status=overdue&page=2", 15),
    ("/en/plan/5/", 15),
    ("/en/plan/5/5-5/", 15),
    ("/ru/plan/bodies/", 12),
    ("/en/plan/bodies/ministry-of-justice/", 12),
    ("/api/v1/themes/", 10),
    ("/api/v1/measures/", 10),
    ("/api/v1/measures/?format=csv", 10),
    ("/api/v1/bodies/", 10),
    ("/api/v1/measures/5.5/", 13),
]


def _more_data(updates_per_measure: int):
    """Progress with evidence on several measures, in two languages."""
    english = Locale.objects.get(language_code="en")
    for measure in Measure.objects.filter(code__in=["5.2", "5.5", "7.2", "2.2"]):
        for _ in range(updates_per_measure):
            update = ProgressUpdateFactory(measure=measure)
            EvidenceLinkFactory(update=update)
            EvidenceLinkFactory(update=update)
            translation = update.copy_for_translation(english)
            translation.live = True  # as a moderator's approval leaves it
            translation.save()
    indicator_snapshots_refresh()


@pytest.mark.parametrize(("path", "budget"), BUDGETS)
def test_a_public_page_stays_within_its_query_budget_as_the_data_grows(
    client, settings, path, budget
):
    settings.PAGE_CACHE_SECONDS = 0
    _more_data(1)
    assert_query_budget(client, path, budget, grow=lambda: _more_data(5))


def _councils_serving(code: str, start: int, count: int):
    measure = Measure.objects.get(code=code)
    for n in range(start, start + count):
        council = make_council(f"Şura {n}", slug=f"sura-{n}", publish=False)
        council.measures.add(measure)
        council.save_revision().publish()


MEASURE_BUDGETS = [("/az/plan/5/5-5/", 15), ("/api/v1/measures/5.5/", 13)]


@pytest.mark.parametrize(("path", "budget"), MEASURE_BUDGETS)
def test_a_measure_lists_the_councils_serving_it_within_its_query_budget(
    client, settings, site_structure, path, budget
):
    settings.PAGE_CACHE_SECONDS = 0
    _councils_serving("5.5", 0, 1)
    assert_query_budget(client, path, budget, grow=lambda: _councils_serving("5.5", 1, 3))
