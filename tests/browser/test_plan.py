import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_plan")]


def test_a_citizen_filters_the_plan_by_keyboard_and_reads_a_measure_in_each_language(page):
    page.goto("/en/plan/")
    expect(page.get_by_role("table", name="Measures by thematic area and status")).to_be_visible()
    expect(
        page.get_by_role("img", name=re.compile("Measures in each thematic area"))
    ).to_be_visible()

    page.get_by_label("Thematic area", exact=True).focus()
    page.get_by_label("Thematic area", exact=True).select_option("7")
    page.keyboard.press("Tab")  # to the status filter
    page.get_by_role("button", name="Apply").focus()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"theme=7"))
    expect(page.get_by_role("heading", name="4 measures")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"^7\.2\. ")).click()

    expect(page).to_have_url(re.compile(r"/en/plan/7/7-2/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("local budget")
    page.get_by_role("link", name=re.compile("Ministry of Justice")).click()

    expect(page).to_have_url(re.compile(r"/en/plan/bodies/ministry-of-justice/$"))
    expect(page.get_by_role("link", name=re.compile(r"^7\.2\. "))).to_be_visible()

    # The same measure reads in Azerbaijani and Russian too.
    page.goto("/az/plan/5/5-5/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("İctimai şuraların")
    page.get_by_role("link", name="Русский").click()
    expect(page).to_have_url(re.compile(r"/ru/plan/5/5-5/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.get_by_role("heading", level=1)).to_contain_text("общественных советов")
