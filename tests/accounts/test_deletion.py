"""A person deletes their account: personal data goes, what they published stays."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth import get_user_model
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from civic_platform.accounts import registry
from civic_platform.accounts.authorship import author_name
from civic_platform.accounts.models import Profile
from tests.accounts import current_totp_code, editor_with_authenticator
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

DELETE = "/en/account/delete/"
User = get_user_model()


@pytest.fixture
def published_comments():
    """Stands in for the consultations app: its comments keep their text and lose the author.

    Registered as a deletion handler, as a later app registers its own; what it returns for
    display goes through the same helper templates use.
    """
    comments = {}

    def detach_author(user):
        for comment in comments.values():
            if comment["author"] == user:
                comment["author"] = None

    registry.deletion_handlers.register(
        registry.DeletionHandler(key="test_comments", delete=detach_author)
    )
    yield comments
    registry.deletion_handlers.unregister("test_comments")


def _signed_in(client, **fields):
    user = UserFactory(**fields)
    client.force_login(user)
    return user


def test_the_confirm_page_asks_for_the_password_and_says_what_stays(client):
    _signed_in(client)
    response = client.get(DELETE)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="password"' in html
    assert 'name="code"' not in html
    assert "shown as written by a removed account" in html


def test_a_wrong_password_changes_nothing(client, published_comments):
    user = _signed_in(client)
    Profile.objects.create(user=user, display_name="Aysel")
    published_comments[1] = {"text": "Təklifim var", "author": user}

    response = client.post(DELETE, {"password": "not-my-password"})

    assert response.status_code == 400
    assert "Incorrect password." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    assert EmailAddress.objects.filter(user=user).exists()
    assert Profile.objects.get(user=user).display_name == "Aysel"
    assert published_comments[1]["author"] == user
    assert client.get("/en/account/").status_code == 200  # still signed in


def test_deleting_removes_personal_data_signs_out_and_keeps_published_content(
    client, published_comments
):
    user = _signed_in(client, email="aysel@example.az")
    Profile.objects.create(user=user, display_name="Aysel Məmmədova")
    published_comments[1] = {"text": "Təklifim var", "author": user}
    other_device = Client()
    other_device.force_login(user)

    response = client.post(DELETE, {"password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/en/account/deleted/"
    assert not User.objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email="aysel@example.az").exists()
    assert not Profile.objects.filter(display_name="Aysel Məmmədova").exists()
    comment = published_comments[1]
    assert comment["text"] == "Təklifim var"
    with translation.override("en"):
        assert author_name(comment["author"]) == "Removed account"

    confirmation = client.get(response["Location"])
    assert "Your account is deleted" in confirmation.content.decode()
    for device in (client, other_device):
        assert device.get("/en/account/")["Location"].startswith("/en/accounts/login/")


def test_a_failing_handler_leaves_the_account_whole(client):
    user = _signed_in(client)

    def broken(user):
        Profile.objects.create(user=user, display_name="half-done")
        raise RuntimeError("the organisations app could not let go")

    registry.deletion_handlers.register(registry.DeletionHandler(key="test_broken", delete=broken))
    try:
        with pytest.raises(RuntimeError):
            client.post(DELETE, {"password": DEFAULT_PASSWORD})
    finally:
        registry.deletion_handlers.unregister("test_broken")
    assert User.objects.filter(pk=user.pk).exists()
    assert not Profile.objects.filter(user=user).exists()


def test_with_two_factor_on_deletion_also_needs_a_current_code(client):
    user = _signed_in(client)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    assert 'name="code"' in client.get(DELETE).content.decode()

    response = client.post(DELETE, {"password": DEFAULT_PASSWORD, "code": "000000"})
    assert response.status_code == 400
    assert User.objects.filter(pk=user.pk).exists()

    response = client.post(
        DELETE, {"password": DEFAULT_PASSWORD, "code": current_totp_code(secret)}
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Authenticator.objects.filter(user_id=user.pk).exists()


def test_the_only_administrator_cannot_delete_their_account(client):
    user, secret = editor_with_authenticator()
    User.objects.exclude(pk=user.pk).filter(is_superuser=True).update(is_superuser=False)
    client.force_login(user)
    assert "You are the only administrator" in client.get(DELETE).content.decode()

    response = client.post(
        DELETE, {"password": DEFAULT_PASSWORD, "code": current_totp_code(secret)}
    )
    assert response.status_code == 403
    assert User.objects.filter(pk=user.pk).exists()


def test_an_administrator_may_go_while_another_remains(client):
    user, secret = editor_with_authenticator()
    UserFactory(is_superuser=True)
    client.force_login(user)
    response = client.post(
        DELETE, {"password": DEFAULT_PASSWORD, "code": current_totp_code(secret)}
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()


def test_deletion_attempts_are_rate_limited(client):
    user = _signed_in(client)
    statuses = [client.post(DELETE, {"password": "wrong"}).status_code for _ in range(6)]
    assert 429 in statuses
    assert User.objects.filter(pk=user.pk).exists()


def test_the_deletion_is_refused_without_a_csrf_token():
    strict = Client(enforce_csrf_checks=True)
    user = UserFactory()
    strict.force_login(user)
    assert strict.post(DELETE, {"password": DEFAULT_PASSWORD}).status_code == 403
    assert User.objects.filter(pk=user.pk).exists()


def test_authors_are_shown_by_display_name_or_as_a_removed_account_never_by_email():
    named = UserFactory(email="gizli@example.az")
    Profile.objects.create(user=named, display_name="Aysel")
    unnamed = UserFactory(email="adsiz@example.az")
    template = Template(
        "{% load accounts_tags %}{{ a|author_name }}|{{ b|author_name }}|{{ c|author_name }}"
    )
    with translation.override("en"):
        shown = template.render(Context({"a": named, "b": unnamed, "c": None}))
    assert shown == "Aysel|Participant|Removed account"
