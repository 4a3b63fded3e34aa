import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database starts as `make run` leaves it: site pages and the whole action plan.

    Imported once per run; each test's transaction is rolled back to this state.
    """
    with django_db_blocker.unblock():
        call_command("import_action_plan", verbosity=0)


@pytest.fixture(autouse=True)
def _empty_shared_cache():
    """Rate-limit counters live in Redis and would otherwise leak from one test to the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_structure(db):
    """The pages every installation has: home and sections in az, en and ru."""
    call_command("ensure_site_structure", verbosity=0)
