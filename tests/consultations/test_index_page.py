import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_consultations_page_explains_the_statuses_and_links_the_measures_it_serves(
    client, lang
):
    html = client.get(f"/{lang}/consultations/").content.decode()
    assert 'class="status-key"' in html and 'name="status"' in html and 'name="kind"' in html
    served = re.findall(rf'href="/{lang}/plan/(\d)/(\d-\d+)/"', html)
    assert served == [("2", "2-2"), ("5", "5-6")]
