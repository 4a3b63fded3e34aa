import pytest
from django.core.management import call_command


@pytest.fixture
def demo_guidance(site_structure):
    """The site as `make run` leaves it: structure, then the demonstration content."""
    call_command("load_demo_content", verbosity=0)
