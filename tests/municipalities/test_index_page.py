import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["en", "az"])
def test_the_municipalities_page_links_the_comparison_the_scoreboard_and_the_measures_it_serves(
    client, lang
):
    html = client.get(f"/{lang}/municipalities/").content.decode()
    assert f'href="/{lang}/municipalities/compare/"' in html
    assert f'href="/{lang}/municipalities/scoreboard/"' in html
    served = re.findall(rf'href="/{lang}/plan/(\d)/(\d-\d+)/"', html)
    assert served == [("7", "7-2"), ("7", "7-3"), ("7", "7-4")]
