"""Signing in as a person would, second factor included."""

import time

from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)

from tests.factories import DEFAULT_PASSWORD, UserFactory

# Enough for the test client to post the form and the server to check the code; a browser
# on a busy machine needs more (BROWSER_SECONDS_TO_TYPE_A_CODE).
SECONDS_TO_TYPE_A_CODE = 2
BROWSER_SECONDS_TO_TYPE_A_CODE = 8


def current_totp_code(secret: str, seconds_needed: float = SECONDS_TO_TYPE_A_CODE) -> str:
    """The code an authenticator shows now. Like a person who sees the code about to change,
    this waits for the next one when too little of its window is left for the form to reach
    the server in time: the server accepts the current window's code only."""
    period = app_settings.TOTP_PERIOD
    seconds_left = period - time.time() % period
    if seconds_left < seconds_needed:
        time.sleep(seconds_left + 0.05)
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
