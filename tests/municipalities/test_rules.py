"""The permission matrix of municipalities and budget reports: every role against every action,
on two municipalities (A: Şəki, B: İlisu), each with an unpublished report and A with a
published one. `rules.can` decides; uploads and publications go through the services, which
refuse whom `can` refuses."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from municipalities import rules
from municipalities.services.reports import budget_report_import, budget_report_publish
from tests.municipalities.helpers import APPROVED_CSV, approved_report, registry, user_in

pytestmark = pytest.mark.django_db

ROLES = (
    "anonymous",
    "citizen",
    "editor of A",
    "editor of B",
    "site editor",
    "moderator",
)
EVERYONE = set(ROLES)
SITE_WIDE = {"site editor", "moderator"}
OF_A = {"editor of A"} | SITE_WIDE
OF_B = {"editor of B"} | SITE_WIDE

EXPECTED = {
    "municipality A": {
        rules.VIEW: EVERYONE,
        rules.EDIT: OF_A,
        rules.UPLOAD: OF_A,
        rules.PUBLISH: OF_A,
    },
    "municipality B": {
        rules.VIEW: EVERYONE,
        rules.EDIT: OF_B,
        rules.UPLOAD: OF_B,
        rules.PUBLISH: OF_B,
    },
    "published report of A": {
        rules.VIEW: EVERYONE,
        rules.EDIT: OF_A,
        rules.UPLOAD: OF_A,
        rules.PUBLISH: OF_A,
    },
    "unpublished report of A": {
        rules.VIEW: OF_A,
        rules.EDIT: OF_A,
        rules.UPLOAD: OF_A,
        rules.PUBLISH: OF_A,
    },
    "unpublished report of B": {
        rules.VIEW: OF_B,
        rules.EDIT: OF_B,
        rules.UPLOAD: OF_B,
        rules.PUBLISH: OF_B,
    },
}


@pytest.fixture
def world():
    municipalities = registry()
    a, b = municipalities["sheki"], municipalities["ilisu"]

    published = budget_report_publish(report=approved_report(a, 2025), user=None)
    objects = {
        "municipality A": a,
        "municipality B": b,
        "published report of A": published,
        "unpublished report of A": approved_report(a, 2026),
        "unpublished report of B": approved_report(b, 2026),
    }
    people = {
        "anonymous": AnonymousUser(),
        "citizen": user_in(),
        "editor of A": user_in(a.editor_group),
        "editor of B": user_in(b.editor_group),
        "site editor": user_in("Editors"),
        "moderator": user_in("Moderators"),
    }
    return objects, people


def test_every_role_may_do_exactly_what_the_matrix_says_on_both_municipalities(world):
    objects, people = world
    found, expected = {}, {}
    for name, obj in objects.items():
        assert set(EXPECTED[name]) == set(rules.ACTIONS)
        for action, allowed in EXPECTED[name].items():
            for role, user in people.items():
                found[(name, action, role)] = rules.can(user, action, obj)
                expected[(name, action, role)] = role in allowed
    assert found == expected


@pytest.mark.parametrize("role", ROLES)
def test_uploading_for_a_municipality_through_the_service_follows_the_rules(world, role):
    objects, people = world
    user = people[role]
    municipality = objects["municipality B"]
    upload = {
        "municipality": municipality,
        "year": 2027,
        "stage": "approved",
        "data": APPROVED_CSV.encode(),
        "user": user,
    }
    if role in OF_B:
        assert budget_report_import(**upload).report.municipality == municipality
    else:
        with pytest.raises(PermissionDenied):
            budget_report_import(**upload)


@pytest.mark.parametrize("role", ROLES)
def test_publishing_a_report_through_the_service_follows_the_rules(world, role):
    objects, people = world
    report = objects["unpublished report of A"]
    if role in OF_A:
        assert budget_report_publish(report=report, user=people[role]).is_published
    else:
        with pytest.raises(PermissionDenied):
            budget_report_publish(report=report, user=people[role])
        report.refresh_from_db()
        assert not report.is_published


def test_an_editor_may_upload_for_their_own_municipality_alone(world):
    objects, people = world
    assert list(rules.editable_municipalities(people["editor of A"])) == [objects["municipality A"]]
    assert set(rules.editable_municipalities(people["site editor"])) == {
        objects["municipality A"],
        objects["municipality B"],
    }
    assert not rules.editable_municipalities(people["citizen"]).exists()
    assert not rules.editable_municipalities(people["anonymous"]).exists()
