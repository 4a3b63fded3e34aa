"""The account forms answer nonsense with a 4xx and change nothing, never a server error."""

import pytest
from django.contrib.auth import get_user_model

from civic_platform.accounts.models import Profile
from tests.factories import UserFactory
from tests.test_bad_input import FUZZ

pytestmark = pytest.mark.django_db


def test_no_profile_field_value_makes_a_server_error_and_no_language_is_made_up(client):
    user = UserFactory()
    client.force_login(user)
    client.post("/az/account/", {"display_name": "Aysel", "preferred_language": "en"})
    for value in FUZZ:
        for fields in (
            {"display_name": value, "preferred_language": "en"},
            {"display_name": "Aysel", "preferred_language": value},
        ):
            status = client.post("/az/account/", fields).status_code
            assert status < 500, (fields, status)
    profile = Profile.objects.get(user=user)
    assert profile.preferred_language == "en"
    assert "\x00" not in profile.display_name and len(profile.display_name) <= 80


def test_no_deletion_field_value_makes_a_server_error_or_deletes_the_account(client):
    user = UserFactory()
    client.force_login(user)
    for value in FUZZ:
        status = client.post("/az/account/delete/", {"password": value, "code": value}).status_code
        assert 400 <= status < 500, (value[:40], status)
    assert get_user_model().objects.filter(pk=user.pk).exists()
