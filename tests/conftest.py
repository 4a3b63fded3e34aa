import pytest
from channels.layers import channel_layers
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from pytest_django.plugin import blocking_manager_key

from tests.database_state import database_state_capture, database_state_restore


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings):
    """Django switches to the test database without closing a connection pool opened before
    (by anything that read the database while the apps loaded): the pool would go on lending
    connections to the database named in DATABASE_URL, and the tests and migrations would run
    there while the servers they start read the empty test database."""
    for connection in connections.all():
        if hasattr(connection, "close_pool"):
            connection.close_pool()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database starts as `make run` leaves it: site pages and the whole action plan.

    Imported once per run; each test's transaction is rolled back to this state. Returns the
    state, for the tests that commit (see `base_state`).
    """
    with django_db_blocker.unblock():
        call_command("import_action_plan", verbosity=0)
        _base_state["captured"] = database_state_capture()
        return _base_state["captured"]


# pytest-django empties every table after a test that commits. Run alone, pytest-django puts
# those tests after the others; `make test`'s processes take whole files in turn, so a file
# whose tests use the base state can come after one that committed. The base state is then
# written back before the first such test: once after each run of committing tests, not per test.
_base_state = {"captured": None, "emptied": False}


def _commits(item) -> bool:
    marker = item.get_closest_marker("django_db")
    transaction = bool(marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)))
    return transaction or bool({"transactional_db", "live_server"} & set(item.fixturenames))


def _uses_database(item) -> bool:
    return bool(item.get_closest_marker("django_db")) or "db" in item.fixturenames


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if _commits(item):
        _base_state["emptied"] = True
    elif _base_state["emptied"] and _uses_database(item):
        with item.config.stash[blocking_manager_key].unblock():
            database_state_restore(_base_state["captured"])
        _base_state["emptied"] = False


@pytest.fixture
def base_state(django_db_setup, transactional_db):
    """For a test that commits (a live server must see its data): the database as every other
    test finds it, site pages and the whole plan, whatever the previous such test left."""
    database_state_restore(django_db_setup)


@pytest.fixture(autouse=True)
def _empty_shared_cache():
    """Rate-limit counters live in Redis and would otherwise leak from one test to the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _channel_layer_per_test():
    """Each test runs its own event loop, and a Redis channel layer keeps asyncio locks that
    belong to the loop that made them: a receive cut short when a test's loop closed would leave
    the next test's live group a lock it cannot take. Daphne runs one loop, so only tests need
    a layer of their own."""
    yield
    channel_layers.backends.clear()


@pytest.fixture
def site_structure(db):
    """The pages every installation has: home and sections in az, en and ru."""
    call_command("ensure_site_structure", verbosity=0)
