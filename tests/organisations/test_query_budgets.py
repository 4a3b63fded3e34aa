"""The organisations pages and API list answer in a bounded number of queries, whatever the
number of organisations and members."""

import pytest

from tests.organisations.helpers import add_member, organisation_with_representative
from tests.query_budget import assert_query_budget

pytestmark = pytest.mark.django_db

BUDGETS = [
    ("/az/organisations/", 12),
    ("/en/organisations/?kind=ngo&region=baku&page=1", 12),
    # One query per registered activity provider (council seats), whatever the data.
    ("/ru/organisations/budce-izleme/", 13),
    ("/api/v1/organisations/", 8),
    ("/api/v1/organisations/?format=csv", 8),
    ("/api/v1/organisations/budce-izleme/", 8),
]


def _more_data(count: int, start: int):
    for number in range(start, start + count):
        organisation, _ = organisation_with_representative(f"Təşkilat {number}", verified=True)
        add_member(organisation, shown_publicly=True, public_name=f"Üzv {number}")


@pytest.mark.parametrize(("path", "budget"), BUDGETS)
def test_an_organisations_page_stays_within_its_query_budget_as_the_data_grows(
    client, settings, site_structure, path, budget
):
    settings.PAGE_CACHE_SECONDS = 0
    organisation, _ = organisation_with_representative("Büdcə İzləmə", verified=True)
    add_member(organisation, shown_publicly=True, public_name="Leyla")
    _more_data(2, 0)

    def grow():
        _more_data(25, 2)
        add_member(organisation, shown_publicly=True, public_name="Rəşad")

    assert_query_budget(client, path, budget, grow=grow)
