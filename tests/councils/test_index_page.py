import re

import pytest

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
