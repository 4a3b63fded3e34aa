import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _empty_shared_cache():
    """Rate-limit counters live in Redis and would otherwise leak from one test to the next."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_structure(db):
    """The pages `make run` creates: home and sections in az, en and ru."""
    call_command("load_demo_content", verbosity=0, stdout=_Discard())


class _Discard:
    def write(self, *_args, **_kwargs):
        return None

    def flush(self):
        return None
