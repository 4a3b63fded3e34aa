import re

import pytest

from councils.models import CouncilPage
from tests.councils.helpers import make_council

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "heading"), [("en", "Registry of public councils"), ("az", "İctimai şuralar")]
)
def test_the_councils_page_shows_the_registry_and_links_the_measures_it_serves(
    client, lang, heading
):
    html = client.get(f"/{lang}/councils/").content.decode()
    assert heading in html
    served = re.findall(rf'href="/{lang}/plan/(\d)/(\d-\d+)/"', html)
    assert served == [("5", "5-5"), ("7", "7-1")]


def test_the_registry_offers_the_municipalities_of_its_live_councils_and_filters_by_one(
    client, site_structure
):
    for title, slug, municipality, live in [
        ("Şəki şurası", "seki", "Şəki bələdiyyəsi", True),
        ("Ağdaş şurası", "agdas", "Ağdaş bələdiyyəsi", True),
        ("Zaqatala şurası", "zaqatala", "Zaqatala bələdiyyəsi", False),
        ("Ədliyyə şurası", "edliyye", "", True),
    ]:
        council = make_council(title, slug=slug, publish=live)
        CouncilPage.objects.filter(pk=council.pk).update(
            kind="municipality" if municipality else "state_body",
            municipality_name=municipality,
        )

    html = client.get("/az/councils/").content.decode()
    select = re.search(r'<select id="filter-municipality".*?</select>', html, re.S).group(0)
    filtered = client.get("/az/councils/?municipality=Şəki+bələdiyyəsi").content.decode()

    # Sorted the Azerbaijani way (A before Ş); the unpublished council's municipality is absent.
    assert re.findall(r'<option value="([^"]+)"', select) == [
        "Ağdaş bələdiyyəsi",
        "Şəki bələdiyyəsi",
    ]
    assert re.findall(r'href="/az/councils/([a-z]+)/"', filtered) == ["seki"]
    assert 'value="Şəki bələdiyyəsi" selected' in filtered
