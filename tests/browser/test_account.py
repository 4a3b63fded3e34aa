import json
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.accounts import sign_up_and_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_site")]

PASSWORD = "Fəal-vətəndaş-2022!"


def test_a_citizen_names_themselves_downloads_their_data_and_deletes_the_account(page, mailoutbox):
    email = "aysel@example.az"
    sign_up_and_in(page, mailoutbox, email, PASSWORD)

    page.get_by_role("link", name="My account").click()
    expect(page.get_by_role("heading", level=1, name="Your account")).to_be_visible()
    page.get_by_label("Display name").fill("Aysel Məmmədova")
    page.get_by_label("Language of emails").select_option("ru")
    page.get_by_role("button", name="Save profile").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.get_by_label("Display name")).to_have_value("Aysel Məmmədova")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download my data").click()
    download = download_info.value
    assert download.suggested_filename == "personal-data.json"
    with open(download.path(), encoding="utf-8") as handle:
        data = json.load(handle)
    assert data["account"]["user"]["email"] == email
    assert data["account"]["profile"] == {
        "display_name": "Aysel Məmmədova",
        "preferred_language": "ru",
    }

    page.get_by_role("link", name="Delete my account").click()
    page.get_by_label("Password").fill("not my password")
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.get_by_text("Incorrect password.")).to_be_visible()
    assert get_user_model().objects.filter(email=email).exists()

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.get_by_role("heading", level=1, name="Your account is deleted")).to_be_visible()
    expect(page.locator(".account-menu").get_by_role("link", name="Log in")).to_be_visible()
    assert not get_user_model().objects.filter(email=email).exists()

    page.goto("/en/accounts/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page.get_by_text(re.compile("password you specified are not correct"))).to_be_visible()
