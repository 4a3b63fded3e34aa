"""A council's meeting and minutes from the secretary's admin to the public, in a browser: the
secretary schedules the meeting with its agenda and drafts the minutes, the chair approves, and
only then do the pages, feeds and API show them; until then the meeting is flagged overdue."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import Workflow, WorkflowTask

from councils.models import CouncilChairApprovalTask, MeetingPage, MinutesPage
from councils.models.pages import council_collection_of
from tests.accounts import editor_with_authenticator
from tests.browser.test_moderation import sign_in
from tests.councils.helpers import (
    ATOM,
    document,
    entry_titles,
    make_council,
    parse_atom,
    parse_calendar,
)

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


def _submit(admin):
    admin.get_by_role("button", name="More actions").click()
    admin.locator("button[name=action-submit]").click()
    expect(admin.locator(".messages")).to_contain_text("submitted")


def _approve(admin, title):
    admin.goto("/admin/")
    awaiting = admin.locator("tr").filter(has_text=title)
    awaiting.get_by_role("button", name="Actions").click()
    awaiting.get_by_role("button", name="Approve", exact=True).click()
    expect(awaiting).to_have_count(0)


def _choose_document(admin, field, title, *, not_offered):
    admin.locator(f"#id_{field}").locator("..").get_by_role("button").first.click()
    modal = admin.locator(".modal")
    expect(modal.get_by_role("link", name=title)).to_be_visible()
    expect(modal.get_by_text(not_offered)).to_have_count(0)
    modal.get_by_role("link", name=title).click()
    expect(modal).to_be_hidden()


def _upload_document(admin, field, title):
    """Uploads a new paper from the chooser. A secretary may add documents to their council's
    collection only, so Wagtail puts it there without asking."""
    admin.locator(f"#id_{field}").locator("..").get_by_role("button").first.click()
    modal = admin.locator(".modal")
    modal.get_by_role("tab", name="Upload").click()
    modal.locator("input[name=document-chooser-upload-title]").fill(title)
    modal.locator("input[name=document-chooser-upload-file]").set_input_files(
        {"name": "hesabat.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF"}
    )
    modal.get_by_role("button", name="Upload").click()
    expect(modal).to_be_hidden()


def _feed(page, path, parse):
    response = page.request.get(path)
    assert response.ok, path
    return parse(response.headers["content-type"], response.body())


def _api(page, path):
    response = page.request.get(path)
    assert response.ok, path
    return response.json()


@pytest.mark.usefixtures("council_approval")
def test_a_meeting_and_minutes_the_secretary_writes_are_public_everywhere_once_the_chair_approves(
    browser, live_server, page
):
    chair, secretary, other_chair = _person(), _person(), _person()
    council = make_council(
        "Ədliyyə şurası",
        slug="edliyye",
        members=[("Sədr", "chair", chair[0]), ("Katib", "secretary", secretary[0])],
    )
    other = make_council("Digər şura", slug="diger", members=[("Sədr", "chair", other_chair[0])])
    papers = council_collection_of(council)
    document("Qanun layihəsi", collection=papers)
    document("Digər şuranın sənədi", collection=council_collection_of(other))
    held_on = timezone.localtime() - datetime.timedelta(days=20)

    # The secretary schedules the meeting under their council, with two agenda items and papers.
    writer = sign_in(browser, live_server, *secretary)
    writer.goto(f"/admin/pages/{council.pk}/")
    writer.get_by_role("link", name="Add child page").first.click()
    writer.locator("input[name=title]").fill("Birinci iclas")
    writer.locator("input[name=starts_at]").fill(held_on.strftime("%Y-%m-%d 10:00"))
    writer.locator("select[name=status]").select_option("held")
    writer.locator("input[name=place]").fill("Ədliyyə Nazirliyi, Bakı")
    for n, (title, presenter, paper) in enumerate(
        [
            ("Qanun layihəsinin müzakirəsi", "Sədr", "Qanun layihəsi"),
            ("Monitorinqin nəticələri", "Katib", "Monitorinq hesabatı"),
        ]
    ):
        writer.locator("#id_agenda_items-ADD").click()
        writer.locator(f"input[name='agenda_items-{n}-title']").fill(title)
        writer.locator(f"input[name='agenda_items-{n}-presenter']").fill(presenter)
        writer.locator(f"#id_agenda_items-{n}-documents-ADD").click()
        field = f"agenda_items-{n}-documents-0-document"
        if n == 0:
            _choose_document(writer, field, paper, not_offered="Digər şuranın sənədi")
        else:
            _upload_document(writer, field, paper)
    # A secretary cannot publish: the meeting goes to the council's chair like the minutes.
    expect(writer.locator("button[name=action-publish]")).to_have_count(0)
    _submit(writer)

    outsider = sign_in(browser, live_server, *other_chair)
    expect(outsider.locator("tr").filter(has_text="Birinci iclas")).to_have_count(0)
    reviewer = sign_in(browser, live_server, *chair)
    _approve(reviewer, "Birinci iclas")

    # Held twenty days ago with no minutes: the public sees the meeting flagged overdue.
    page.goto("/az/councils/edliyye/")
    expect(page.locator(".notice--overdue")).to_be_visible()
    page.get_by_role("link", name="Birinci iclas").click()
    agenda = page.locator(".agenda > li")
    expect(agenda).to_have_count(2)
    expect(agenda.first).to_contain_text("Qanun layihəsinin müzakirəsi — Sədr")
    expect(agenda.first.get_by_role("link", name="Qanun layihəsi")).to_be_visible()
    expect(agenda.last).to_contain_text("Monitorinqin nəticələri — Katib")
    paper = agenda.last.get_by_role("link", name="Monitorinq hesabatı")
    expect(paper).to_be_visible()
    assert page.request.get(paper.get_attribute("href")).body().startswith(b"%PDF")

    # The secretary drafts the minutes under the meeting and sends them to the chair.
    writer.goto(f"/admin/pages/{MeetingPage.objects.get().pk}/")
    writer.get_by_role("link", name="Add child page").first.click()
    writer.locator("input[name=title]").fill("Birinci iclasın protokolu")
    writer.locator("input[name=members_present]").fill("7")
    writer.locator("input[name=guests]").fill("3")
    writer.locator("input[name=ngo_representatives]").fill("2")
    for n, (item, discussion, decision, votes) in enumerate(
        [
            (
                "Qanun layihəsinin müzakirəsi",
                "Üç təklif dinlənildi.",
                "Təkliflər göndərilsin.",
                ("6", "0", "1"),
            ),
            (
                "Monitorinqin nəticələri",
                "Hesabat təqdim edildi.",
                "Hesabat qəbul edilsin.",
                ("5", "1", "1"),
            ),
        ]
    ):
        writer.locator("#id_decisions-ADD").click()
        writer.locator(f"select[name='decisions-{n}-agenda_item']").select_option(label=item)
        writer.locator(f"textarea[name='decisions-{n}-discussion']").fill(discussion)
        writer.locator(f"textarea[name='decisions-{n}-decision']").fill(decision)
        for field, count in zip(("for", "against", "abstained"), votes, strict=True):
            writer.locator(f"input[name='decisions-{n}-votes_{field}']").fill(count)
    writer.locator("#id_action_items-ADD").click()
    writer.locator("select[name='action_items-0-agenda_item']").select_option(
        label="Qanun layihəsinin müzakirəsi"
    )
    writer.locator("textarea[name='action_items-0-description']").fill(
        "Təklifləri nazirliyə göndərmək."
    )
    writer.locator("input[name='action_items-0-owner']").fill("Katib")
    _submit(writer)
    draft = MinutesPage.objects.get()

    # Under review the minutes are nowhere public, and the meeting stays flagged overdue.
    page.goto("/az/councils/edliyye/")
    expect(page.locator(".meeting-list .tag--overdue")).to_have_count(1)
    page.get_by_role("link", name="Birinci iclas").click()
    expect(page.get_by_role("link", name="Birinci iclasın protokolu")).to_have_count(0)
    for path in ("/az/councils/edliyye/feeds/minutes/", "/az/councils/feeds/minutes/"):
        assert entry_titles(_feed(page, path, parse_atom)) == []
    (meeting,) = _api(page, "/api/v1/meetings/?council=edliyye")["results"]
    assert meeting["minutes"] is None and meeting["minutes_overdue"] is True
    assert page.request.get(f"/api/v1/minutes/{draft.pk}/").status == 404
    assert page.request.get(draft.url).status == 404

    # The chair of another council has nothing of this one to review; its own chair approves.
    outsider.goto("/admin/")
    expect(outsider.locator("tr").filter(has_text="Birinci iclasın protokolu")).to_have_count(0)
    _approve(reviewer, "Birinci iclasın protokolu")

    page.goto("/az/councils/edliyye/")
    expect(page.locator(".notice--overdue")).to_have_count(0)
    expect(page.locator(".meeting-list .tag")).to_have_text("Protokol dərc olunub")
    page.get_by_role("link", name="Birinci iclas").click()
    page.get_by_role("link", name="Birinci iclasın protokolu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Birinci iclasın protokolu")
    assert page.request.get(draft.url).ok
    expect(page.get_by_text("Təkliflər göndərilsin.")).to_be_visible()
    expect(page.get_by_text("Təklifləri nazirliyə göndərmək.")).to_be_visible()

    for path in ("/az/councils/edliyye/feeds/minutes/", "/az/councils/feeds/minutes/"):
        feed = _feed(page, path, parse_atom)
        assert entry_titles(feed) == ["Ədliyyə şurası: Birinci iclasın protokolu"]
        entry = next(feed.iter(f"{ATOM}entry"))
        assert "Hesabat qəbul edilsin." in entry.findtext(f"{ATOM}summary")
        assert page.request.get(entry.find(f"{ATOM}link").get("href")).ok
    for path in ("/az/councils/edliyye/feeds/meetings/", "/az/councils/feeds/meetings/"):
        (event,) = _feed(page, path, parse_calendar).walk("VEVENT")
        assert str(event["summary"]) == "Ədliyyə şurası: Birinci iclas"
        assert str(event["location"]) == "Ədliyyə Nazirliyi, Bakı"
        assert page.request.get(str(event["url"])).ok
        assert event.decoded("dtstart") == held_on.replace(
            hour=10, minute=0, second=0, microsecond=0
        )

    (meeting,) = _api(page, "/api/v1/meetings/?council=edliyye")["results"]
    assert meeting["minutes_overdue"] is False
    assert [
        (item["title"], item["presenter"], [paper["title"] for paper in item["documents"]])
        for item in meeting["agenda"]
    ] == [
        ("Qanun layihəsinin müzakirəsi", "Sədr", ["Qanun layihəsi"]),
        ("Monitorinqin nəticələri", "Katib", ["Monitorinq hesabatı"]),
    ]
    assert page.request.get(meeting["minutes"]["url"]).ok
    minutes = _api(page, meeting["minutes"]["api_url"])
    assert minutes["id"] == draft.pk
    assert minutes["attendance"] == {"members_present": 7, "guests": 3, "ngo_representatives": 2}
    assert [
        (d["agenda_item"], d["discussion"], d["decision"])
        + (d["votes_for"], d["votes_against"], d["votes_abstained"])
        for d in minutes["decisions"]
    ] == [
        ("Qanun layihəsinin müzakirəsi", "Üç təklif dinlənildi.", "Təkliflər göndərilsin.")
        + (6, 0, 1),
        ("Monitorinqin nəticələri", "Hesabat təqdim edildi.", "Hesabat qəbul edilsin.") + (5, 1, 1),
    ]
    (action,) = minutes["action_items"]
    assert action["agenda_item"] == "Qanun layihəsinin müzakirəsi"
    assert action["owner"] == "Katib"
