"""A signed-in person sees and edits their profile; the page keeps its query budget."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from civic_platform.accounts.models import Profile
from civic_platform.accounts.selectors import email_language_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROFILE = "/az/account/"
PROFILE_QUERY_BUDGET = 7


def test_a_visitor_who_is_not_signed_in_is_sent_to_the_login_page(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"].startswith("/az/accounts/login/?next=/az/account/")


def test_opening_the_profile_page_shows_the_defaults_and_saves_nothing(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(PROFILE)
    html = response.content.decode()
    assert response.status_code == 200
    assert user.email in html
    assert '<option value="az" selected>' in html
    assert not Profile.objects.filter(user=user).exists()
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_a_person_sets_a_display_name_and_the_language_of_emails(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/en/account/", {"display_name": "  Aysel Məmmədova ", "preferred_language": "ru"}
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=user)
    assert (profile.display_name, profile.preferred_language) == ("Aysel Məmmədova", "ru")

    html = client.get(response["Location"]).content.decode()
    assert 'value="Aysel Məmmədova"' in html
    assert '<option value="ru" selected>' in html
    assert "Your profile is saved." in html


def test_an_unknown_language_is_refused_with_a_message_and_changes_nothing(client):
    user = UserFactory()
    client.force_login(user)
    client.post(PROFILE, {"display_name": "Aysel", "preferred_language": "en"})
    response = client.post(PROFILE, {"display_name": "Başqa ad", "preferred_language": "xx"})
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()
    profile = Profile.objects.get(user=user)
    assert (profile.display_name, profile.preferred_language) == ("Aysel", "en")


def test_the_page_links_to_email_password_and_two_factor_settings(client):
    client.force_login(UserFactory())
    html = client.get("/en/account/").content.decode()
    for address in ("/en/accounts/email/", "/en/accounts/password/change/", "/en/accounts/2fa/"):
        assert f'href="{address}"' in html


def test_the_account_link_in_the_header_leads_to_the_profile_page(client):
    client.force_login(UserFactory())
    html = client.get("/en/").content.decode()
    assert 'href="/en/account/"' in html


def test_the_profile_page_keeps_its_query_budget_with_more_emails_and_authenticators(
    client, django_assert_max_num_queries
):
    user = UserFactory()
    client.force_login(user)
    client.get(PROFILE)  # warm what every page shares (site, navigation)
    with django_assert_max_num_queries(PROFILE_QUERY_BUDGET) as before:
        assert client.get(PROFILE).status_code == 200

    for number in range(5):
        EmailAddress.objects.create(user=user, email=f"other{number}@example.az")
    TOTP.activate(user, generate_totp_secret())
    Profile.objects.create(user=user, display_name="Aysel")
    with django_assert_max_num_queries(PROFILE_QUERY_BUDGET) as after:
        assert client.get(PROFILE).status_code == 200
    assert len(after.captured_queries) == len(before.captured_queries)


def test_emails_go_out_in_azerbaijani_until_the_person_chooses_another_language(client):
    user = UserFactory()
    assert email_language_of(user) == "az"
    client.force_login(user)
    client.post(PROFILE, {"display_name": "", "preferred_language": "ru"})
    user.refresh_from_db()
    assert email_language_of(user) == "ru"
