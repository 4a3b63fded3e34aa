"""A person registers, creates an NGO and asks for verification; a moderator approves it in
the admin; the NGO's public page shows the verified badge."""

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from tests.browser.accounts import sign_up_and_in
from tests.browser.test_moderation import sign_in
from tests.organisations.helpers import moderator

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_site")]

PASSWORD = "a-long-and-unusual-passphrase-42"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def moderators_group(live_site):
    """What Wagtail's and this project's migrations give the group; a browser test's database
    is emptied after each test, migrations' rows included, so it is set up again."""
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(
            content_type__app_label="organisations", codename="decide_verificationrequest"
        ),
    )


@pytest.mark.usefixtures("moderators_group")
def test_a_person_registers_an_ngo_a_moderator_verifies_it_and_its_page_shows_the_badge(
    browser, live_server, page, mailoutbox
):
    sign_up_and_in(page, mailoutbox, "aysel@example.az", PASSWORD)
    page.goto("/en/")
    page.get_by_role("link", name="My organisations").click()
    page.get_by_role("link", name="Register an organisation").click()
    page.get_by_label("Name").fill("Şəffaf Büdcə Birliyi")
    page.get_by_label("Kind").select_option("ngo")
    page.get_by_label("Legal form").select_option("public-association")
    page.get_by_label("Region").select_option("baku")
    page.get_by_label("Good governance and transparency").check()
    page.get_by_role("button", name="Register").click()
    expect(page.locator(".messages")).to_contain_text("you are its representative")

    page.get_by_role("navigation", name="Organisation").get_by_role(
        "link", name="Verification"
    ).click()
    page.get_by_label("Documents").set_input_files(
        [{"name": "şəhadətnamə.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label("Message to the moderators").fill("Qeydiyyat şəhadətnaməsi.")
    page.get_by_role("button", name="Request verification").click()
    expect(page.locator(".messages")).to_contain_text("with the moderators")

    public_page = page.context.new_page()
    response = public_page.goto("/en/organisations/sheffaf-budce-birliyi/")
    expect(public_page.get_by_text("Not verified yet")).to_be_visible()
    assert response.status == 200

    reviewer = sign_in(browser, live_server, *moderator())
    reviewer.get_by_role("link", name="Verification requests").first.click()
    reviewer.get_by_role("link", name="Şəffaf Büdcə Birliyi").click()
    expect(reviewer.get_by_role("link", name="şəhadətnamə.pdf")).to_be_visible()
    reviewer.get_by_label("Approve").check()
    reviewer.get_by_role("button", name="Save the decision").click()
    expect(reviewer.get_by_text("Şəffaf Büdcə Birliyi is verified.")).to_be_visible()
    reviewer.context.close()

    visitor = browser.new_context(base_url=live_server.url, locale="en-GB").new_page()
    visitor.goto("/en/organisations/")
    visitor.get_by_role("link", name="Şəffaf Büdcə Birliyi").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Şəffaf Büdcə Birliyi")
    expect(visitor.locator(".badge--verified")).to_have_text("Verified")
    visitor.context.close()
