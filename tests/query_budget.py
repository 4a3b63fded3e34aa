"""Query budgets: a page or API answer keeps the same, bounded number of queries as the data
grows (README, "Query budgets")."""

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def steady_state_queries(client, path, *, statuses=(200,)) -> int:
    """Queries of a render in steady state: what every page shares (site, navigation) is warm,
    as it is after the first visitor. Callers turn the page cache off."""
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code in statuses, f"{path}: {response.status_code}"
    return len(queries)


def assert_query_budget(
    client, path, budget: int, *, grow: Callable[[], object], statuses=(200,)
) -> None:
    """The path answers within its budget, and `grow()` (more data) changes nothing of it."""
    before = steady_state_queries(client, path, statuses=statuses)
    assert before <= budget, f"{path}: {before} queries, budget {budget}"
    grow()
    after = steady_state_queries(client, path, statuses=statuses)
    assert after <= budget, f"{path}: {after} queries with more data, budget {budget}"
    assert after == before, f"{path}: {before} queries became {after} with more data"
