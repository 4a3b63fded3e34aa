"""Signing in as a person would, second factor included."""

from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from tests.factories import DEFAULT_PASSWORD, UserFactory


def current_totp_code(secret: str) -> str:
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


def editor_with_authenticator(**fields):
    editor = UserFactory(is_superuser=True, is_staff=True, **fields)
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)
    return editor, secret


def log_in_with_second_factor(client, user, secret):
    client.post("/az/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    response = client.post("/az/accounts/2fa/authenticate/", {"code": current_totp_code(secret)})
    if response.status_code != 302:
        # The code's 30-second window may have closed between reading and checking it; a
        # person types the next code, and so does this.
        response = client.post(
            "/az/accounts/2fa/authenticate/", {"code": current_totp_code(secret)}
        )
    assert response.status_code == 302, "the second factor was not accepted"
