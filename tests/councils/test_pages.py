import pytest
from django.core.management import call_command

from councils.models import CouncilPage, MeetingPage, MinutesPage
from tests.councils.helpers import make_council, make_meeting, make_minutes

pytestmark = pytest.mark.django_db


def test_the_demo_content_has_three_councils_with_published_and_draft_minutes(site_structure):
    call_command("load_demo_content", verbosity=0)
    call_command("load_demo_content", verbosity=0)

    assert CouncilPage.objects.count() == 3
    assert MinutesPage.objects.live().count() == 3
    assert MinutesPage.objects.filter(live=False).count() == 1
    html = client_get("/az/councils/edliyye-nazirliyi-ictimai-surasi/")
    assert "Aygün Məmmədova" in html
    assert "Minutes overdue" in html or "gecikir" in html.lower() or "overdue" in html


def client_get(path):
    from django.test import Client

    return Client().get(path).content.decode()
