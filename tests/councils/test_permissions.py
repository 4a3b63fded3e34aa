"""Who may do what with a council's minutes, walked through the real admin over HTTP.

Every role (anonymous, a signed-in user, the secretary and the chair of the council, the
secretary of the other council, a site-wide editor and moderator) against every action on the
draft minutes of each of two councils."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from councils.models import MinutesPage
from tests.accounts import log_in_with_second_factor
from tests.councils.helpers import make_council, make_meeting, make_minutes
from tests.database_state import database_state_restore
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
    "editor": {"view draft", "edit", "submit", "delete"},
    "moderator": EVERYTHING,
}


def _person(**fields):
    user = UserFactory(**fields)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


@pytest.fixture(scope="module")
def committed_councils(django_db_setup, django_db_blocker):
    """Two councils, each with a chair and a secretary who have accounts, and each with a held
    meeting whose minutes are a draft: built once for the whole matrix and committed, so each
    test's own transaction rolls back to them; the base database is put back afterwards."""
    with django_db_blocker.unblock():
        people = {}
        minutes = {}
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
            minutes[key] = make_minutes(meeting, publish=False).pk
        try:
            yield minutes, people
        finally:
            database_state_restore(django_db_setup)


@pytest.fixture
def councils(committed_councils):
    """The draft minutes as this test's transaction finds them, and the people."""
    minutes, people = committed_councils
    return {key: MinutesPage.objects.get(pk=pk) for key, pk in minutes.items()}, people


def _client_for(role, key, people):
    client = Client()
    other = "B" if key == "A" else "A"
    if role == "anonymous":
        return client
    if role == "signed-in user":
        user = UserFactory()
        client.post("/az/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
        return client
    if role in ("editor", "moderator"):
        user, secret = _person(is_staff=True)
        user.groups.add(Group.objects.get(name="Editors" if role == "editor" else "Moderators"))
    else:
        council_key = other if role.endswith("other council") else key
        user, secret = people[council_key]["chair" if "chair" in role else "secretary"]
    log_in_with_second_factor(client, user, secret)
    return client


def _form(minutes, action=None, members_present=5):
    data = {
        "title": minutes.title,
        "slug": minutes.slug,
        "members_present": members_present,
        "guests": 0,
        "ngo_representatives": 1,
        "summary": rich_text("Düzəliş edilmiş xülasə"),
        "decisions": inline_formset([{"topic": "Məsələ", "decision": "Qərar", "votes_for": 3}]),
        "action_items": inline_formset([]),
        "comments": inline_formset([]),
        "signed_pdf": "",
    }
    if action:
        data[f"action-{action}"] = action
    return nested_form_data(data)


def _submitted_by_superuser(minutes):
    """Put the minutes in the chair's review, as the secretary's submission would."""
    admin = UserFactory(is_superuser=True, is_staff=True)
    workflow = minutes.get_workflow()
    workflow.start(minutes, admin)
    minutes.refresh_from_db()
    return minutes


def _attempt(action, client, minutes) -> bool:
    """Try the action as a person would in the admin; True if it took effect."""
    edit_url = reverse("wagtailadmin_pages:edit", args=(minutes.pk,))
    revisions_before = minutes.revisions.count()
    if action == "view draft":
        response = client.get(edit_url)
        return response.status_code == 200 and minutes.title in response.content.decode()
    if action == "edit":
        client.post(edit_url, _form(minutes))
        return minutes.revisions.count() > revisions_before
    if action == "submit":
        client.post(edit_url, _form(minutes, "submit"))
        minutes.refresh_from_db()
        return minutes.workflow_in_progress
    if action == "approve":
        minutes = _submitted_by_superuser(minutes)
        task_state = minutes.current_workflow_task_state
        client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=(minutes.pk, "approve", task_state.pk),
            ),
            {"comment": ""},
        )
        minutes.refresh_from_db()
        return minutes.live
    if action == "publish":
        client.post(edit_url, _form(minutes, "publish"))
        minutes.refresh_from_db()
        return minutes.live
    if action == "delete":
        client.post(reverse("wagtailadmin_pages:delete", args=(minutes.pk,)))
        return not Page.objects.filter(pk=minutes.pk).exists()
    raise AssertionError(action)


@pytest.mark.parametrize("key", ["A", "B"])
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", list(ALLOWED))
def test_each_role_may_do_exactly_its_actions_on_a_councils_draft_minutes(
    councils, role, action, key
):
    minutes, people = councils
    client = _client_for(role, key, people)

    took_effect = _attempt(action, client, minutes[key])

    assert took_effect == (action in ALLOWED[role]), f"{role} / {action} / council {key}"
    other = minutes["B" if key == "A" else "A"]
    assert MinutesPage.objects.get(pk=other.pk).live is False, "the other council's draft moved"


def test_the_public_never_sees_draft_minutes(councils):
    response = Client().get("/az/councils/sura-a/iclas-a/minutes/")
    assert response.status_code == 404
