"""The permission matrix walked through the admin and the public site over HTTP, as people
would try it: every role against every action, on two municipalities (A: Şəki, B: İlisu).
`test_rules.py` asks `rules.can` the same questions; this shows the screens and the services
behind them answer as it does."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from municipalities.models import BudgetReport, Municipality
from municipalities.services.reports import budget_report_publish
from tests.database_state import kept_until_the_end
from tests.municipalities.helpers import EXECUTION_CSV, approved_report, registry
from tests.municipalities.test_admin_upload import logged_in, upload

pytestmark = pytest.mark.django_db

# In this order: the draft is looked for on the public site before anyone may publish it.
ACTIONS = (
    "see the draft on the public page or API",
    "open the draft in the admin",
    "change its notes",
    "upload a report",
    "publish",
    "withdraw a published report",
    "change the registry entry",
)
SITE_WIDE = set(ACTIONS) - {"see the draft on the public page or API"}
ALLOWED = {
    "anonymous": set(),
    "signed-in citizen": set(),
    "editor of this municipality": SITE_WIDE,
    "editor of the other municipality": set(),
    "site-wide editor": SITE_WIDE,
    "moderator": SITE_WIDE,
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Both municipalities, each with a published report and a draft, and everyone who tries,
    each signed in once with a second factor (signing in was most of a test's time): built once
    for the module and kept uncommitted, so each test's own transaction rolls back to it, the
    signed-in sessions included."""
    with kept_until_the_end(django_db_blocker):
        municipalities = registry()
        reports = {}
        for key, slug in (("A", "sheki"), ("B", "ilisu")):
            municipality = municipalities[slug]
            published = budget_report_publish(report=approved_report(municipality, 2024), user=None)
            reports[key] = {
                "municipality": municipality,
                "draft": approved_report(municipality, 2026),
                "published": published,
            }
        people = {
            "signed-in citizen": (),
            "editor of A": (reports["A"]["municipality"].editor_group,),
            "editor of B": (reports["B"]["municipality"].editor_group,),
            "site-wide editor": ("Editors",),
            "moderator": ("Moderators",),
        }
        sessions = {}
        for person, groups in people.items():
            client = Client()
            logged_in(client, *groups)
            sessions[person] = client.cookies[settings.SESSION_COOKIE_NAME].value
        yield reports, sessions


def _client_for(role, key, sessions) -> Client:
    """A browser of its own carrying the role's signed-in session (none for anonymous)."""
    client = Client()
    other = "B" if key == "A" else "A"
    person = {
        "editor of this municipality": f"editor of {key}",
        "editor of the other municipality": f"editor of {other}",
    }.get(role, role)
    if person in sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[person]
    return client


def _attempt(action, client, mine) -> bool:
    """Try the action as a person would; True if it took effect."""
    municipality, draft, published = mine["municipality"], mine["draft"], mine["published"]
    if action == "open the draft in the admin":
        response = client.get(reverse("municipal_budgets:edit", args=(draft.pk,)))
        return response.status_code == 200
    if action == "change its notes":
        client.post(reverse("municipal_budgets:edit", args=(draft.pk,)), {"notes": "Qeyd"})
        return BudgetReport.objects.get(pk=draft.pk).notes == "Qeyd"
    if action == "upload a report":
        response = upload(client, municipality, EXECUTION_CSV.encode())
        if response.status_code == 302 and "/upload/" in response["Location"]:
            client.post(response["Location"], {"confirm": ""})
        return BudgetReport.objects.filter(
            municipality=municipality, year=2025, stage="annual"
        ).exists()
    if action == "publish":
        client.post(reverse("municipal_budgets:publish", args=(draft.pk,)))
        return BudgetReport.objects.get(pk=draft.pk).is_published
    if action == "withdraw a published report":
        client.post(reverse("municipal_budgets:publish", args=(published.pk,)), {"unpublish": ""})
        return not BudgetReport.objects.get(pk=published.pk).is_published
    if action == "change the registry entry":
        url = reverse("wagtailsnippets_municipalities_municipality:edit", args=(municipality.pk,))
        page = client.get(url)
        if page.status_code != 200:
            return False
        data = {
            field.html_name: field.value()
            for field in page.context["form"]
            if field.value() is not None
        }
        data["website"] = "https://yeni.example.az/"
        client.post(url, data)
        return Municipality.objects.get(pk=municipality.pk).website == "https://yeni.example.az/"
    if action == "see the draft on the public page or API":
        page = client.get(f"/az/municipalities/{municipality.slug}/budgets/2026/approved/")
        api = client.get(f"/api/v1/budgets/{draft.pk}/")
        return page.status_code == 200 or api.status_code == 200
    raise AssertionError(action)


@pytest.mark.parametrize("key", ["A", "B"])
@pytest.mark.parametrize("role", list(ALLOWED))
def test_each_role_may_do_exactly_its_actions_on_each_municipality_through_the_site(
    world, role, key
):
    reports, sessions = world
    mine, theirs = reports[key], reports["B" if key == "A" else "A"]
    client = _client_for(role, key, sessions)

    took_effect = {action: _attempt(action, client, mine) for action in ACTIONS}

    assert took_effect == {action: action in ALLOWED[role] for action in ACTIONS}, role
    # Nothing of the other municipality moved.
    assert not BudgetReport.objects.get(pk=theirs["draft"].pk).is_published
    assert BudgetReport.objects.get(pk=theirs["published"].pk).is_published
    assert not BudgetReport.objects.filter(municipality=theirs["municipality"], year=2025).exists()
