import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.accounts import (
    current_totp_code,
    editor_with_authenticator,
    log_in_with_second_factor,
)
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _log_in_with_password(client, user):
    response = client.post(
        "/az/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    return response


def test_the_admin_asks_anonymous_visitors_to_log_in_through_the_site(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert client.get("/admin/login/")["Location"].endswith("/accounts/login/")


def test_an_editor_without_an_authenticator_is_sent_to_set_one_up(client):
    editor = UserFactory(is_superuser=True, is_staff=True)
    _log_in_with_password(client, editor)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]


def _log_in_with_password_only(client, editor):
    # With TOTP set up, the login itself stops at the second factor.
    response = client.post(
        "/az/accounts/login/", {"login": editor.email, "password": DEFAULT_PASSWORD}
    )
    assert "/accounts/2fa/authenticate/" in response["Location"]


def test_an_editor_who_signed_in_with_only_a_password_must_give_the_code(client):
    editor, _ = editor_with_authenticator()
    _log_in_with_password_only(client, editor)
    assert client.get("/admin/").status_code == 302


def test_an_editor_who_gave_the_code_reaches_the_admin(client):
    editor, secret = editor_with_authenticator()
    log_in_with_second_factor(client, editor, secret)
    assert client.get("/admin/").status_code == 200


def test_a_signed_in_citizen_without_admin_rights_gets_a_refusal_not_a_redirect_loop(client):
    citizen = UserFactory()
    _log_in_with_password(client, citizen)
    for path in ("/admin/", "/admin/pages/"):
        response = client.get(path)
        assert response.status_code == 403
        with translation.override("az"):
            assert gettext("Your account has no access to the admin.") in response.content.decode()


def test_only_the_exact_sign_in_pages_of_the_admin_skip_the_second_factor(client):
    editor, _ = editor_with_authenticator()
    # A session signed in without the second factor (e.g. before the authenticator was added).
    client.force_login(editor)
    for path in ("/admin/pages/login/", "/admin/documents/logout/", "/admin/x/jsi18n/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/accounts/2fa/reauthenticate/" in response["Location"], path


def test_repeated_failed_logins_lock_the_account_out_on_the_shared_cache(client):
    user = UserFactory()
    for _ in range(6):
        response = client.post("/az/accounts/login/", {"login": user.email, "password": "wrong"})
        assert response.status_code == 200
    # Even the right password is refused until the limit expires, with a message saying why.
    response = client.post(
        "/az/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 200
    assert "Həddindən artıq uğursuz giriş cəhdi" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_login_form_as_a_whole_is_rate_limited_per_address(client):
    statuses = [
        client.post(
            "/az/accounts/login/", {"login": f"x{n}@example.org", "password": "x"}
        ).status_code
        for n in range(35)
    ]
    assert statuses[0] == 200
    assert statuses[-1] == 429


def test_a_new_editor_sets_up_the_authenticator_and_continues_to_the_admin(client):
    editor = UserFactory(is_superuser=True, is_staff=True)
    login = client.get("/admin/pages/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")["Location"]
    assert login.startswith("/az/accounts/login/")
    to_admin = client.post(login, {"login": editor.email, "password": DEFAULT_PASSWORD})
    set_up = client.get(to_admin["Location"])["Location"]
    assert set_up.startswith("/az/accounts/2fa/totp/activate/")

    # Signed in a moment ago: no second request for the password.
    form = client.get(set_up)
    assert form.status_code == 200
    secret = form.context["form"].secret
    activated = client.post(
        set_up, {"code": current_totp_code(secret), "next": form.context["form"]["next"].value()}
    )
    codes = client.get(activated["Location"])
    assert codes.status_code == 200
    with translation.override("az"):
        assert gettext("Continue to the admin") in codes.content.decode()
    assert 'href="/admin/pages/"' in codes.content.decode()

    # The code that activated the authenticator was the second factor of this session.
    assert client.get("/admin/pages/").status_code == 200


def test_the_recovery_codes_page_offers_no_way_on_to_another_site(client):
    editor, secret = editor_with_authenticator()
    log_in_with_second_factor(client, editor, secret)
    client.post("/az/accounts/2fa/recovery-codes/generate/", {})
    page = client.get("/az/accounts/2fa/recovery-codes/?next=https://evil.example/")
    assert page.status_code == 200
    assert 'href="https://evil.example/"' not in page.content.decode()
    with translation.override("az"):
        assert gettext("Continue") not in page.content.decode()
