"""Who may do what with a council's meetings and minutes, walked through the real admin over
HTTP.

Every role (anonymous, a signed-in user, the secretary and the chair of the council, the
secretary and the chair of the other council, a site-wide editor and moderator) against every
action on a draft meeting and on draft minutes of each of two councils."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import rich_text

from councils.models import MeetingPage, MinutesPage
from tests.accounts import log_in_with_second_factor
from tests.councils.helpers import (
    make_council,
    make_meeting,
    make_minutes,
    meeting_form,
    minutes_form,
)
from tests.database_state import kept_until_the_end
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ACTIONS = ["view draft", "edit", "submit", "approve", "publish", "delete"]
EVERYTHING = set(ACTIONS)
ALLOWED = {
    "anonymous": set(),
    "signed-in user": set(),
    "secretary of this council": {"view draft", "edit", "submit", "delete"},
    "chair of this council": EVERYTHING,
    "secretary of the other council": set(),
    "chair of the other council": set(),
    "editor": {"view draft", "edit", "submit", "delete"},
    "moderator": EVERYTHING,
}


def _person(**fields):
    user = UserFactory(**fields)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def _draft_meeting(council, slug):
    meeting = MeetingPage(
        title=f"İclas {slug}", slug=slug, locale=council.locale, place="Bakı", live=False
    )
    council.add_child(instance=meeting)
    meeting.save_revision()
    return meeting


def _session_of(user, secret=None) -> str:
    """Sign in as the person would (with the second factor when they have one); the session."""
    client = Client()
    if secret is None:
        client.post("/az/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    else:
        log_in_with_second_factor(client, user, secret)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture(scope="module")
def module_councils(django_db_setup, django_db_blocker):
    """Two councils, each with a chair and a secretary who have accounts, a draft meeting, and
    a held meeting whose minutes are a draft; a site-wide editor and moderator, and a user with
    no rights. Built once for the whole matrix, each person signed in once (signing in with a
    second factor was most of a test's time), and kept uncommitted: each test's own
    transaction rolls back to them, the signed-in sessions included."""
    with kept_until_the_end(django_db_blocker):
        people = {}
        drafts = {}
        for key, slug in (("A", "sura-a"), ("B", "sura-b")):
            chair, secretary = _person(), _person()
            people[key] = {"chair": chair, "secretary": secretary}
            council = make_council(
                f"Şura {key}",
                slug=slug,
                members=[
                    (f"Sədr {key}", "chair", chair[0]),
                    (f"Katib {key}", "secretary", secretary[0]),
                ],
            )
            meeting = make_meeting(council, slug=f"iclas-{key.lower()}")
            drafts[key] = {
                "meeting": _draft_meeting(council, f"novbeti-{key.lower()}").pk,
                "minutes": make_minutes(meeting, publish=False).pk,
            }
        editor, moderator = _person(is_staff=True), _person(is_staff=True)
        editor[0].groups.add(Group.objects.get(name="Editors"))
        moderator[0].groups.add(Group.objects.get(name="Moderators"))
        sessions = {
            "signed-in user": _session_of(UserFactory()),
            "editor": _session_of(*editor),
            "moderator": _session_of(*moderator),
        }
        for key, roles in people.items():
            for role, person in roles.items():
                sessions[(key, role)] = _session_of(*person)
        yield drafts, sessions


PAGE_MODELS = {"meeting": MeetingPage, "minutes": MinutesPage}


@pytest.fixture
def councils(module_councils):
    """The draft meeting and minutes of each council as this test's transaction finds them,
    and the people's signed-in sessions."""
    drafts, sessions = module_councils
    return {
        key: {kind: PAGE_MODELS[kind].objects.get(pk=pk) for kind, pk in pages.items()}
        for key, pages in drafts.items()
    }, sessions


def _client_for(role, key, sessions):
    """A browser of its own carrying the role's signed-in session (none for anonymous)."""
    client = Client()
    if role == "anonymous":
        return client
    if role in sessions:
        session = sessions[role]
    else:
        council_key = ("B" if key == "A" else "A") if role.endswith("other council") else key
        session = sessions[(council_key, "chair" if "chair" in role else "secretary")]
    client.cookies[settings.SESSION_COOKIE_NAME] = session
    return client


def _form(page, action=None):
    if isinstance(page, MeetingPage):
        return meeting_form(title=page.title, slug=page.slug, action=action)
    decision = {"topic": "Məsələ", "decision": "Qərar", "votes_for": 3}
    return minutes_form(page, action=action, decisions=[decision])


def _submitted_by_superuser(page):
    """Put the draft in the chair's review, as the secretary's submission would."""
    admin = UserFactory(is_superuser=True, is_staff=True)
    workflow = page.get_workflow()
    workflow.start(page, admin)
    page.refresh_from_db()
    return page


def _attempt(action, client, page) -> bool:
    """Try the action as a person would in the admin; True if it took effect."""
    edit_url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    revisions_before = page.revisions.count()
    if action == "view draft":
        response = client.get(edit_url)
        return response.status_code == 200 and page.title in response.content.decode()
    if action == "edit":
        client.post(edit_url, _form(page))
        return page.revisions.count() > revisions_before
    if action == "submit":
        client.post(edit_url, _form(page, "submit"))
        page.refresh_from_db()
        return page.workflow_in_progress
    if action == "approve":
        page = _submitted_by_superuser(page)
        task_state = page.current_workflow_task_state
        client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=(page.pk, "approve", task_state.pk),
            ),
            {"comment": ""},
        )
        page.refresh_from_db()
        return page.live
    if action == "publish":
        client.post(edit_url, _form(page, "publish"))
        page.refresh_from_db()
        return page.live
    if action == "delete":
        client.post(reverse("wagtailadmin_pages:delete", args=(page.pk,)))
        return not Page.objects.filter(pk=page.pk).exists()
    raise AssertionError(action)


@pytest.mark.parametrize("key", ["A", "B"])
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", list(ALLOWED))
def test_each_role_may_do_exactly_its_actions_on_a_councils_draft_meeting_and_minutes(
    councils, role, action, key
):
    drafts, sessions = councils
    client = _client_for(role, key, sessions)

    took_effect = {kind: _attempt(action, client, page) for kind, page in drafts[key].items()}

    expected = action in ALLOWED[role]
    assert took_effect == {"meeting": expected, "minutes": expected}, (
        f"{role} / {action} / council {key}"
    )
    other = drafts["B" if key == "A" else "A"]
    for kind, page in other.items():
        assert PAGE_MODELS[kind].objects.get(pk=page.pk).live is False, (
            f"the other council's draft {kind} moved"
        )


def test_the_public_never_sees_draft_minutes(councils):
    response = Client().get("/az/councils/sura-a/iclas-a/minutes/")
    assert response.status_code == 404


def test_minutes_the_chair_sends_back_stay_hidden_until_resubmitted_and_every_revision_is_kept(
    councils,
):
    drafts, sessions = councils
    minutes = drafts["A"]["minutes"]
    secretary = _client_for("secretary of this council", "A", sessions)
    chair = _client_for("chair of this council", "A", sessions)
    edit_url = reverse("wagtailadmin_pages:edit", args=(minutes.pk,))

    secretary.post(edit_url, _form(minutes, "submit"))
    minutes.refresh_from_db()
    chair.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=(minutes.pk, "reject", minutes.current_workflow_task_state.pk),
        ),
        {"comment": "Səsləri yoxlayın."},
    )
    minutes.refresh_from_db()
    assert not minutes.live
    assert minutes.current_workflow_state.status == "needs_changes"
    assert Client().get("/az/councils/sura-a/iclas-a/minutes/").status_code == 404

    # The secretary corrects the draft and submits it again; the chair approves it.
    corrected = _form(minutes, "submit")
    corrected["summary"] = rich_text("Səslər yoxlanıldı")
    secretary.post(edit_url, corrected)
    minutes.refresh_from_db()
    chair.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=(minutes.pk, "approve", minutes.current_workflow_task_state.pk),
        ),
        {"comment": ""},
    )
    minutes.refresh_from_db()
    assert minutes.live
    public = Client().get("/az/councils/sura-a/iclas-a/minutes/")
    assert "Səslər yoxlanıldı" in public.content.decode()
    # The first draft, the sent-back submission and the corrected one are all kept.
    summaries = [revision.content["summary"] for revision in minutes.revisions.order_by("pk")]
    assert len(summaries) >= 3
    assert "Səslər yoxlanıldı" not in summaries[0]
    assert "Səslər yoxlanıldı" in summaries[-1]
