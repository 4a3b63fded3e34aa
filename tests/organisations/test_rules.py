"""Every role against every action on an organisation."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from civic_platform.organisations import rules
from tests.factories import UserFactory
from tests.organisations.helpers import add_member, organisation_with_representative

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "member", "representative", "moderator", "superuser"]
ACTIONS = {
    # action: roles that may
    rules.CREATE_ORGANISATION: {"outsider", "member", "representative", "moderator", "superuser"},
    rules.VIEW_UNVERIFIED: {"member", "representative", "moderator", "superuser"},
    rules.CHANGE_PROFILE: {"representative"},
    rules.INVITE_MEMBERS: {"representative"},
    rules.MANAGE_MEMBERS: {"representative"},
    rules.LEAVE: {"member", "representative"},
    rules.REQUEST_VERIFICATION: {"representative"},
    rules.DECIDE_VERIFICATION: {"moderator", "superuser"},
    rules.DOWNLOAD_DOCUMENTS: {"moderator", "superuser"},
}


def person(role, organisation, representative):
    if role == "anonymous":
        return AnonymousUser()
    if role == "representative":
        return representative
    if role == "member":
        return add_member(organisation)
    if role == "superuser":
        return UserFactory(is_superuser=True)
    user = UserFactory()
    if role == "moderator":
        # The permission comes from the group, as the data migration grants it.
        user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_every_action_of_the_rules_is_in_the_matrix():
    assert set(rules.ALLOWED) | {rules.CREATE_ORGANISATION} == set(ACTIONS)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_a_role_may_do_exactly_what_the_matrix_says(role, action):
    organisation, representative = organisation_with_representative()
    user = person(role, organisation, representative)
    assert rules.can(user, action, organisation) is (role in ACTIONS[action])


def test_a_representative_of_one_organisation_cannot_edit_another():
    first, representative = organisation_with_representative("Birinci")
    second, _ = organisation_with_representative("İkinci")
    assert rules.can(representative, rules.CHANGE_PROFILE, first)
    assert not rules.can(representative, rules.CHANGE_PROFILE, second)


def test_a_deactivated_representative_can_do_nothing():
    organisation, representative = organisation_with_representative()
    representative.is_active = False
    assert not any(rules.can(representative, action, organisation) for action in ACTIONS)
