"""A person downloads everything the platform holds about them, as JSON."""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from civic_platform.accounts import registry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DOWNLOAD = "/az/account/data/"


def _download(client) -> dict:
    response = client.post(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="personal-data.json"'
    return json.loads(response.content.decode("utf-8"))


@pytest.fixture
def follows_provider():
    """What the notifications app will register: a person's follows."""

    def follows_of(user):
        return [{"followed": "measure 5.5", "by": user.email}]

    registry.personal_data.register(
        registry.PersonalDataProvider(key="test_follows", collect=follows_of)
    )
    yield
    registry.personal_data.unregister("test_follows")


def test_the_download_holds_the_account_its_emails_profile_and_second_factors(client):
    user = UserFactory(email="aysel@example.az")
    EmailAddress.objects.create(user=user, email="ikinci@example.az", verified=False)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    client.force_login(user)
    client.post("/az/account/", {"display_name": "Aysel Məmmədova", "preferred_language": "en"})

    data = _download(client)

    account = data["account"]
    assert account["user"]["email"] == "aysel@example.az"
    assert account["user"]["date_joined"]
    assert account["email_addresses"] == [
        {"email": "aysel@example.az", "verified": True, "primary": True},
        {"email": "ikinci@example.az", "verified": False, "primary": False},
    ]
    assert account["profile"] == {
        "display_name": "Aysel Məmmədova",
        "preferred_language": "en",
    }
    assert sorted(a["type"] for a in account["authenticators"]) == ["recovery_codes", "totp"]
    # By type only: no secret and no recovery code leaves the platform in the file.
    text = json.dumps(data)
    assert secret not in text
    for code in (
        Authenticator.objects.get(user=user, type="recovery_codes").wrap().get_unused_codes()
    ):
        assert code not in text


def test_the_download_holds_each_registered_apps_part(client, follows_provider):
    user = UserFactory()
    client.force_login(user)
    data = _download(client)
    assert data["test_follows"] == [{"followed": "measure 5.5", "by": user.email}]


def test_the_download_holds_nothing_of_another_person(client):
    other = UserFactory(email="başqası@example.az")
    client.force_login(UserFactory())
    text = json.dumps(_download(client), ensure_ascii=False)
    assert other.email not in text


def test_the_download_needs_a_post_and_a_signed_in_person(client):
    assert client.post(DOWNLOAD).status_code == 302  # to the login page
    client.force_login(UserFactory())
    assert client.get(DOWNLOAD).status_code == 405


def test_the_download_is_refused_without_a_csrf_token(client):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(UserFactory())
    assert strict.post(DOWNLOAD).status_code == 403


def test_downloads_are_rate_limited_per_person(client):
    client.force_login(UserFactory())
    statuses = [client.post(DOWNLOAD).status_code for _ in range(11)]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
