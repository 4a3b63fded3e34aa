"""Where browser tests of a signed-in person start: signed up, address confirmed, signed in."""

import re

from playwright.sync_api import expect


def sign_up_and_in(page, mailoutbox, email, password):
    """Signs up in English, follows the link of the confirmation email and signs in; the page
    ends on the English home page with the account menu."""
    page.goto("/en/accounts/signup/")
    page.get_by_label(re.compile("Email", re.I)).first.fill(email)
    page.locator("input[name=password1]").fill(password)
    page.locator("input[name=password2]").fill(password)
    page.locator("form button[type=submit]").last.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[-1].body).group(0)
    page.goto(link)
    page.locator("form button[type=submit]").last.click()

    page.goto("/en/accounts/login/?next=/en/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").last.click()
    expect(page.locator(".account-menu").get_by_role("button", name="Log out")).to_be_visible()
