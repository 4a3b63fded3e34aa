import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from playwright.sync_api import expect

from civic_platform.notifications.models import NotificationPreference
from tests.accounts import log_in_with_second_factor
from tests.browser.test_moderation import moderators_approval, sign_in  # noqa: F401 - fixture
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.themes.editorial_team import editor, moderator
from tests.themes.test_moderation import submit_update
from themes.models import Measure
from themes.notifications import PROGRESS_UPDATE_PUBLISHED

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_site", "moderators_approval")]


def test_a_follower_hears_of_an_approved_update_on_the_site_and_by_email_and_unsubscribes(
    browser, live_server, page, mailoutbox
):
    citizen = UserFactory()
    page.goto("/en/plan/5/5-5/")
    page.get_by_role("link", name="Sign in to follow and hear of changes").click()
    page.locator("input[name=login]").fill(citizen.email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/en/plan/5/5-5/$"))
    page.get_by_role("button", name="Follow", exact=True).click()
    expect(page.get_by_role("button", name="Unfollow")).to_be_visible()
    page.goto("/en/notifications/preferences/")
    page.get_by_role("group", name="Progress on a measure you follow").get_by_label(
        "Email at once"
    ).check()
    page.get_by_role("button", name="Save preferences").click()
    expect(page.get_by_text("Your notification preferences are saved.")).to_be_visible()

    writer = Client()
    log_in_with_second_factor(writer, *editor())
    submit_update(
        writer,
        Measure.objects.get(code="5.5"),
        summary="<p>Councils met in every ministry this spring.</p>",
        link=("https://example.az/councils", "Councils"),
    )
    assert mailoutbox == [], "nobody hears of an update before it is approved"

    reviewer = sign_in(browser, live_server, *moderator())
    # The row names the update as its sender's admin language said it (the claim in between).
    awaiting = reviewer.locator("tr").filter(
        has_text=re.compile(r"5\.5 · .+ · 2021-06-01 · Councils met")
    )
    awaiting.get_by_role("button", name="Actions").click()
    awaiting.get_by_role("button", name="Approve", exact=True).click()
    expect(awaiting).to_have_count(0)
    reviewer.context.close()

    page.goto("/en/plan/")
    notifications = page.locator(".account-menu").get_by_role("link", name=re.compile("^Notif"))
    expect(notifications.locator(".unread-count")).to_have_text("1")
    notifications.click()
    line = page.get_by_role("link", name=re.compile("Councils met in every ministry"))
    expect(line).to_have_attribute("href", "/en/plan/5/5-5/")

    (email,) = [message for message in mailoutbox if message.to == [citizen.email]]
    assert "Councils met in every ministry" in email.body
    unsubscribe = re.search(r"<(.+)>", email.extra_headers["List-Unsubscribe"])[1]
    assert unsubscribe in email.body

    stranger = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    # The email's links name the configured site (SITE_URL); the test's server is elsewhere.
    stranger.goto(urlsplit(unsubscribe).path)
    stranger.get_by_role("button", name="Unsubscribe").click()
    expect(stranger.get_by_role("heading", level=1)).to_have_text("Unsubscribed")
    stranger.context.close()
    preference = NotificationPreference.objects.get(user=citizen, kind=PROGRESS_UPDATE_PUBLISHED)
    assert preference.delivery == "site"
