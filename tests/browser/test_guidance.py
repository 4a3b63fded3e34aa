import re

import pytest
from playwright.sync_api import expect

from civic_platform.services import demo_content_ensure as core_demo_content_ensure
from guidance.demo_content import demo_content_ensure as guidance_demo_content_ensure

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_site")]


@pytest.fixture
def demo_guidance(live_site):
    # This app's part of `load_demo_content`, on the core's pages: the rest (councils above
    # all) would multiply the setup time and no step here looks at it.
    core_demo_content_ensure()
    guidance_demo_content_ensure()


@pytest.fixture
def page_without_javascript(browser, live_server, demo_guidance):
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_a_visitor_without_javascript_answers_the_wizard_and_shares_the_checklist_in_russian(
    page_without_javascript,
):
    page = page_without_javascript
    page.goto("/en/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Guidance").click()
    page.get_by_role("link", name="Answer a few questions and get your checklist").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What do I need?")

    kind = page.get_by_role("group", name="What kind of organisation are you setting up?")
    kind.get_by_label("Foundation").check()
    page.get_by_role("group", name="Who are the founders?").get_by_label(
        "A foreigner is among them"
    ).check()
    page.get_by_role("group", name="Do you want to apply online?").get_by_label("No").check()
    page.get_by_role("group", name=re.compile("receive a grant")).get_by_label(
        "Yes, from a foreign donor"
    ).check()
    page.get_by_role("button", name="Show my checklist").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your checklist")
    checklist = page.locator(".checklist")
    expect(checklist.get_by_role("checkbox")).to_have_count(5)
    expect(checklist).to_contain_text("Notarised translation of the foreign founder's passport")
    expect(checklist).not_to_contain_text("electronic signature")
    checklist.get_by_label("Registration of the grant agreement").check()
    shared = page.url
    assert "org_kind=foundation" in shared and "grant=foreign_donor" in shared

    # A colleague who reads Russian opens the same answers in Russian.
    page.goto(shared.replace("/en/", "/ru/"))
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator(".checklist").get_by_role("checkbox")).to_have_count(5)
    expect(page.locator(".checklist")).to_contain_text("Устав и протокол учредительного собрания")
    page.locator(".checklist a[href$='grant-agreement-registration/#step-2']").click()
    expect(page).to_have_url(re.compile(r"/ru/guidance/grant-agreement-registration/#step-2$"))
    expect(page.locator("#step-2")).to_contain_text("Зарегистрируйте договор")


def test_a_printed_checklist_shows_its_boxes_without_the_sites_header_and_menu(
    page_without_javascript,
):
    page = page_without_javascript
    page.goto(
        "/az/guidance/what-do-i-need/checklist/"
        "?org_kind=public_union&founders=citizens&online=yes&grant=none"
    )
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.locator(".checklist").get_by_role("checkbox")).to_have_count(3)
    for box in page.locator(".checklist__box").all():
        expect(box).to_be_visible()


def test_a_wrong_answer_in_a_shared_address_asks_again_instead_of_failing(
    page_without_javascript,
):
    page = page_without_javascript
    response = page.goto("/en/guidance/what-do-i-need/checklist/?org_kind=charity")
    assert response.status == 400
    expect(page.get_by_role("alert")).to_contain_text(
        "Some answers in this address cannot be used."
    )
    expect(
        page.get_by_role("group", name="What kind of organisation are you setting up?")
    ).to_contain_text("is not one of the answers to this question")
    expect(page.get_by_role("button", name="Show my checklist")).to_be_visible()
