import re

import pytest
from allauth.account.models import EmailAddress

from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "bələdiyyə-büdcəsi-2026"


def test_a_forgotten_password_is_reset_through_an_emailed_link(client, mailoutbox):
    user = UserFactory()
    response = client.post("/az/accounts/password/reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [user.email]
    link = re.search(r"https?://[^/\s]+(/\S+/accounts/password/reset/key/\S+/)", mailoutbox[0].body)
    response = client.get(link.group(1), follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link.group(1)
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_a_reset_for_an_unknown_address_reveals_nothing(client, mailoutbox):
    response = client.post("/az/accounts/password/reset/", {"email": "nobody@example.az"})
    assert response.status_code == 302
    assert all("password/reset/key" not in message.body for message in mailoutbox)


def test_a_signed_in_citizen_changes_the_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/az/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


def test_a_new_email_address_must_be_verified_before_it_counts(client, mailoutbox):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/az/accounts/email/", {"action_add": "", "email": "yeni@example.az"})
    assert response.status_code == 302
    added = EmailAddress.objects.get(user=user, email="yeni@example.az")
    assert not added.verified
    assert mailoutbox[-1].to == ["yeni@example.az"]
    user.refresh_from_db()
    assert user.email != "yeni@example.az"


def test_the_account_pages_are_in_the_sites_language_and_layout(client):
    html = client.get("/az/accounts/login/").content.decode()
    assert '<html lang="az">' in html
    assert '<main id="main"' in html
    assert "Daxil ol" in html
    html = client.get("/ru/accounts/signup/").content.decode()
    assert '<html lang="ru">' in html
