import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_site")]

PASSWORD = "Fəal-vətəndaş-2022!"


def test_a_visitor_switches_language_and_back(page):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "az")
    expect(page.get_by_role("heading", level=1)).to_have_text("Açıq Hökumət Platforması")

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open Government Platform")

    page.get_by_role("link", name="Azərbaycanca").click()
    expect(page).to_have_url(re.compile(r"/az/$"))
    expect(page.locator("html")).to_have_attribute("lang", "az")


def test_the_skip_link_is_the_first_thing_the_keyboard_reaches(page):
    page.goto("/az/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


def test_a_citizen_signs_up_verifies_the_email_logs_in_and_out(page, mailoutbox):
    email = "aysel@example.az"
    page.goto("/az/accounts/signup/")
    page.get_by_label(re.compile("E-poçt|Email", re.I)).first.fill(email)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [email]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)

    page.goto(link)
    page.locator("form button[type=submit]").last.click()

    page.goto("/az/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    logout = page.locator(".account-menu").get_by_role("button")
    expect(logout).to_be_visible()

    logout.click()
    expect(page.locator(".account-menu").get_by_role("link").first).to_be_visible()
    page.goto("/az/accounts/email/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
