import re

import pytest
from playwright.sync_api import expect

from tests.accounts import BROWSER_SECONDS_TO_TYPE_A_CODE, current_totp_code
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_site")]


def test_an_editor_signs_in_for_the_first_time_and_lands_in_the_azerbaijani_admin(page):
    # The browser asks for English (see the fixture); the admin is the site's, in Azerbaijani.
    editor = UserFactory(is_staff=True, is_superuser=True)
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/az/accounts/login/\?next=(/|%2F)admin(/|%2F)$"))

    page.locator("input[name=login]").fill(editor.email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("form button[type=submit]").last.click()

    # Straight to the authenticator: the password just given is not asked for again.
    expect(page).to_have_url(re.compile(r"/az/accounts/2fa/totp/activate/"))
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name=code]").fill(current_totp_code(secret, BROWSER_SECONDS_TO_TYPE_A_CODE))
    page.locator("form button[type=submit]").last.click()

    expect(page).to_have_url(re.compile(r"/az/accounts/2fa/recovery-codes/"))
    expect(page.locator("#recovery_codes")).to_be_visible()
    page.get_by_role("link", name="Admin panelinə keç").click()

    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.locator("html")).to_have_attribute("lang", "az")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Açıq Hökumət Platforması")
    # The sidebar is drawn by Wagtail's JavaScript from its own catalogue: Azerbaijani too.
    expect(page.get_by_role("link", name="İdarə paneli")).to_be_visible()
    expect(page.get_by_role("navigation", name="Əsas menyu")).to_contain_text("Səhifələr")
