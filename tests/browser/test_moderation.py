import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect
from wagtail.models import GroupApprovalTask, Workflow, WorkflowContentType, WorkflowTask
from wagtail.users.models import UserProfile

from tests.accounts import BROWSER_SECONDS_TO_TYPE_A_CODE, current_totp_code
from tests.factories import DEFAULT_PASSWORD
from tests.themes.editorial_team import editor, measure_title, moderator
from themes.models import ProgressUpdate

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_site")]


@pytest.fixture
def moderators_approval(live_site):
    """What Wagtail's and this project's migrations set up; a browser test's database is emptied
    after each test, migrations' rows included, so it is set up again the same way."""
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    for name in ("Editors", "Moderators"):
        Group.objects.get_or_create(name=name)[0].permissions.add(access_admin)
    workflow, created = Workflow.objects.get_or_create(name="Moderators approval")
    if created:
        task = GroupApprovalTask.objects.create(name="Moderators approval")
        task.groups.set([Group.objects.get(name="Moderators")])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowContentType.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(ProgressUpdate),
        defaults={"workflow": workflow},
    )


def sign_in(browser, live_server, user, secret):
    """A team member signs in with password and authenticator code, in a browser of their own."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/az/accounts/login/?next=/admin/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(DEFAULT_PASSWORD)
    page.locator("form button[type=submit]").last.click()
    code = page.locator("input[name=code]")
    code.fill(current_totp_code(secret, BROWSER_SECONDS_TO_TYPE_A_CODE))
    code.press("Enter")  # the form's other button cancels the sign-in
    expect(page).to_have_url(re.compile(r"/admin/$"))
    return page


def published_evidence(page):
    card = page.locator(".card").filter(has=page.get_by_role("heading", name="Published evidence"))
    return card.locator(".indicator-value")


@pytest.mark.usefixtures("moderators_approval")
def test_an_update_an_editor_sends_to_moderation_is_public_with_its_evidence_once_approved(
    browser, live_server, page
):
    title = measure_title("5.5", "en")
    page.goto("/en/plan/5/5-5/")
    expect(published_evidence(page)).to_have_text("0")

    writer = sign_in(browser, live_server, *editor())
    writer.goto("/admin/snippets/themes/progressupdate/add/")
    writer.get_by_role("button", name="Choose a measure").click()
    modal = writer.locator(".modal")
    modal.get_by_placeholder("A code (5.5) or words of the measure").fill("public councils")
    modal.get_by_role("link", name=f"5.5. {title}").click()
    expect(writer.locator("[data-chooser-title]")).to_have_text(f"5.5. {title}")
    writer.locator("input[name=date]").fill("2021-06-01")
    summary = writer.locator("[data-contentpath=summary] [contenteditable=true]")
    summary.click()
    summary.press_sequentially("Public councils were set up at eight ministries.")
    expect(writer.locator("input[name=summary]")).to_have_value(re.compile("eight ministries"))
    writer.get_by_role("button", name="Add link").click()
    writer.locator("input[name='evidence_links-0-url']").fill("https://example.az/councils")
    writer.locator("input[name='evidence_links-0-title']").fill("List of the councils")
    writer.get_by_role("button", name="More actions").click()
    writer.locator("button[name=action-submit]").click()
    expect(writer.locator(".messages")).to_contain_text("submitted")
    writer.context.close()

    page.reload()
    expect(page.get_by_text("Public councils were set up at eight ministries.")).to_have_count(0)

    reviewer = sign_in(browser, live_server, *moderator())
    awaiting = reviewer.locator("tr").filter(
        has_text="5.5 · progress · 2021-06-01 · Public councils"
    )
    awaiting.get_by_role("button", name="Actions").click()
    reviewer.goto(awaiting.get_by_role("link", name="Preview").get_attribute("href"))
    expect(reviewer.get_by_role("heading", level=1)).to_contain_text(
        f"5.5. {measure_title('5.5', 'az')}"  # the update's language
    )
    expect(reviewer.get_by_text("Public councils were set up at eight ministries.")).to_be_visible()
    expect(reviewer.get_by_role("link", name="List of the councils")).to_be_visible()
    reviewer.goto("/admin/")
    awaiting.get_by_role("button", name="Actions").click()
    awaiting.get_by_role("button", name="Approve", exact=True).click()
    expect(awaiting).to_have_count(0)
    reviewer.context.close()

    page.reload()
    expect(page.get_by_text("Public councils were set up at eight ministries.")).to_be_visible()
    expect(page.get_by_role("link", name="List of the councils")).to_have_attribute(
        "href", "https://example.az/councils"
    )
    expect(published_evidence(page)).to_have_text("1")
