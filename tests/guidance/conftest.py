import pytest

from civic_platform.services import demo_content_ensure as core_demo_content_ensure
from guidance.demo_content import demo_content_ensure as guidance_demo_content_ensure


@pytest.fixture
def demo_guidance(site_structure):
    """The guides and the wizard as `make run` leaves them, on the core's demonstration pages.

    Only this app's part of `load_demo_content`: the other apps' (councils above all) take
    ten times as long and no guidance test looks at them.
    """
    core_demo_content_ensure()
    guidance_demo_content_ensure()
