"""The outcome report ("You said — we did") on a phone and to assistive technology: its wide
table scrolls inside its own region, never the page, and axe finds nothing serious.

To join tests/browser/test_every_page_type.py once the demo content has a closed consultation
with answers (its own part of the work)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from consultations.choices import RespondentType
from consultations.services.answers import answer_give
from tests.consultations.helpers import make_comment, make_consultation, ngo_member, owning_body

pytestmark = [pytest.mark.browser]

PHONE = {"width": 375, "height": 800}


@pytest.fixture
def outcome_path(live_site):
    body, representative = owning_body()
    consultation = make_consultation(owner=body)
    member, ngo = ngo_member()
    for index in range(4):
        comment = make_comment(
            consultation,
            member,
            stance="change",
            respondent_type=RespondentType.NGO,
            organisation=ngo,
            body="<p>Təhsil xərclərinin 12 faiz artırılmasını təklif edirik; "
            "uzun_sözlər_ekrana_sığmalıdır_https://maliyye.gov.az/layihe/2027/budce</p>",
        )
        if index % 2:
            answer_give(
                comment=comment,
                user=representative,
                outcome="partly-accepted",
                reason="<p>Qismən nəzərə alındı: <em>maddə 5</em>.</p>",
            )
    return f"/az/consultations/{consultation.slug}/outcome/"


def test_the_outcome_report_fits_a_phone_and_has_no_serious_accessibility_violation(
    browser, live_server, outcome_path
):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="az-AZ")
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        response = page.goto(outcome_path)
        assert response.status == 200
        widths = page.evaluate(
            "({page: document.documentElement.scrollWidth, window: window.innerWidth})"
        )
        assert widths["page"] <= widths["window"], widths
        violations = [
            f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}"
            for v in Axe().run(page).response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert violations == []
    finally:
        context.close()
