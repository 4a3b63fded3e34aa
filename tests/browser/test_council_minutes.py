"""A council's minutes from the secretary's draft to the public page, in a browser."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from playwright.sync_api import expect
from wagtail.models import Workflow, WorkflowTask

from councils.models import CouncilChairApprovalTask
from tests.accounts import editor_with_authenticator
from tests.browser.test_moderation import sign_in
from tests.councils.helpers import make_council, make_meeting

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("live_site")]


@pytest.fixture
def council_approval(live_site):
    """What the councils' migration sets up; a browser test's database is emptied after each
    test, migrations' rows included, so it is set up again the same way."""
    Group.objects.get_or_create(name="Moderators")
    task = CouncilChairApprovalTask.objects.create(
        name="Approval by the council's chair",
        content_type=ContentType.objects.get_for_model(CouncilChairApprovalTask),
    )
    workflow = Workflow.objects.create(name="Council minutes approval")
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)


def _person():
    user, secret = editor_with_authenticator()
    user.is_superuser = False
    user.save()
    return user, secret


@pytest.mark.usefixtures("council_approval")
def test_minutes_a_secretary_drafts_are_public_once_the_chair_approves_them(
    browser, live_server, page
):
    chair, secretary, other_chair = _person(), _person(), _person()
    council = make_council(
        "Ədliyyə şurası",
        slug="edliyye",
        members=[("Sədr", "chair", chair[0]), ("Katib", "secretary", secretary[0])],
    )
    make_council("Digər şura", slug="diger", members=[("Sədr", "chair", other_chair[0])])
    meeting = make_meeting(council, slug="iclas")

    writer = sign_in(browser, live_server, *secretary)
    writer.goto(f"/admin/pages/add/councils/minutespage/{meeting.pk}/")
    writer.locator("input[name=title]").fill("Birinci iclasın protokolu")
    writer.locator("input[name=members_present]").fill("5")
    writer.locator("input[name=ngo_representatives]").fill("2")
    writer.locator("#id_decisions-ADD").click()
    writer.locator("select[name='decisions-0-agenda_item']").select_option(label="Gündəlik")
    writer.locator("textarea[name='decisions-0-decision']").fill("Təkliflər göndərilsin.")
    writer.locator("input[name='decisions-0-votes_for']").fill("4")
    writer.locator("input[name='decisions-0-votes_abstained']").fill("1")
    writer.get_by_role("button", name="More actions").click()
    writer.locator("button[name=action-submit]").click()
    expect(writer.locator(".messages")).to_contain_text("submitted")
    writer.context.close()

    page.goto("/az/councils/edliyye/iclas/")
    expect(page.get_by_role("link", name="Birinci iclasın protokolu")).to_have_count(0)

    # The chair of another council has nothing of this one to review.
    outsider = sign_in(browser, live_server, *other_chair)
    expect(outsider.locator("tr").filter(has_text="Birinci iclasın protokolu")).to_have_count(0)
    outsider.context.close()

    reviewer = sign_in(browser, live_server, *chair)
    awaiting = reviewer.locator("tr").filter(has_text="Birinci iclasın protokolu")
    awaiting.get_by_role("button", name="Actions").click()
    awaiting.get_by_role("button", name="Approve", exact=True).click()
    expect(awaiting).to_have_count(0)
    reviewer.context.close()

    page.goto("/az/councils/edliyye/iclas/")
    page.get_by_role("link", name="Birinci iclasın protokolu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Birinci iclasın protokolu")
    expect(page.get_by_text("Təkliflər göndərilsin.")).to_be_visible()
    page.goto("/az/councils/edliyye/")
    expect(page.locator(".meeting-list .tag")).to_have_count(1)
    expect(page.locator(".meeting-list .tag--overdue")).to_have_count(0)
