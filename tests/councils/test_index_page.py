import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lang", "promise"),
    [("en", "minutes and decisions of every meeting"), ("az", "İctimai şuralar")],
)
def test_the_councils_page_says_what_is_coming_and_links_the_measures_it_serves(
    client, lang, promise
):
    html = client.get(f"/{lang}/councils/").content.decode()
    assert promise in html
    served = re.findall(rf'href="/{lang}/plan/(\d)/(\d-\d+)/"', html)
    assert served == [("5", "5-5"), ("7", "7-1")]
