import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["en", "az"])
def test_the_municipalities_page_says_what_is_coming_and_links_the_measures_it_serves(client, lang):
    html = client.get(f"/{lang}/municipalities/").content.decode()
    if lang == "en":
        assert "budget reports published as data" in html
    served = re.findall(rf'href="/{lang}/plan/(\d)/(\d-\d+)/"', html)
    assert served == [("7", "7-2"), ("7", "7-3"), ("7", "7-4")]
