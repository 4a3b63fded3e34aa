"""A Redis outage must not switch off rate limits or TOTP replay protection.

Each test runs its own redis-server on a free port, uses it, then shuts it down for real.
"""

import logging
import socket
import subprocess
import time

import pytest
from django.core.cache import cache
from django.test import Client

from tests.accounts import current_totp_code, editor_with_authenticator
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

REDIS_SERVER = "/usr/bin/redis-server"
REDIS_CLI = "/usr/bin/redis-cli"
TOO_MANY_FAILED_LOGINS = "Həddindən artıq uğursuz giriş cəhdi"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OwnRedis:
    def __init__(self, port: int, process: subprocess.Popen):
        self.port = port
        self.process = process

    def answers(self) -> bool:
        result = subprocess.run(
            [REDIS_CLI, "-p", str(self.port), "ping"], capture_output=True, text=True, check=False
        )
        return result.stdout.strip() == "PONG"

    def shut_down(self) -> None:
        subprocess.run([REDIS_CLI, "-p", str(self.port), "shutdown", "nosave"], check=False)
        self.process.wait(timeout=10)


@pytest.fixture
def redis_cache(settings, tmp_path):
    """The default cache on a Redis of this test's own, which the test may shut down."""
    port = _free_port()
    process = subprocess.Popen(
        [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    redis = OwnRedis(port, process)
    deadline = time.monotonic() + 10
    while not redis.answers():
        assert time.monotonic() < deadline, "redis-server did not start"
        time.sleep(0.05)
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": f"redis://127.0.0.1:{port}/0"}
    }
    cache.set("before-the-outage", "stored")
    assert cache.get("before-the-outage") == "stored"
    yield redis
    if process.poll() is None:
        redis.shut_down()


def _log_in(client, email, password):
    return client.post("/az/accounts/login/", {"login": email, "password": password})


def test_the_sixth_wrong_password_is_refused_while_redis_is_down(client, redis_cache):
    user = UserFactory()
    redis_cache.shut_down()
    for _ in range(5):
        response = _log_in(client, user.email, "wrong")
        assert TOO_MANY_FAILED_LOGINS not in response.content.decode()
    response = _log_in(client, user.email, "wrong")
    assert TOO_MANY_FAILED_LOGINS in response.content.decode()
    # The lock-out holds even for the right password.
    response = _log_in(client, user.email, DEFAULT_PASSWORD)
    assert TOO_MANY_FAILED_LOGINS in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_at_most_five_reset_emails_go_to_one_address_while_redis_is_down(
    client, redis_cache, mailoutbox
):
    user = UserFactory()
    redis_cache.shut_down()
    for _ in range(10):
        client.post("/az/accounts/password/reset/", {"email": user.email})
    assert len(mailoutbox) == 5
    assert all(message.to == [user.email] for message in mailoutbox)


def test_a_totp_code_opens_only_one_session_while_redis_is_down(redis_cache):
    editor, secret = editor_with_authenticator()
    redis_cache.shut_down()
    code = current_totp_code(secret)
    first, second = Client(), Client()
    for browser in (first, second):
        response = _log_in(browser, editor.email, DEFAULT_PASSWORD)
        assert "/accounts/2fa/authenticate/" in response["Location"]
    assert first.post("/az/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    assert first.get("/admin/").status_code == 200
    replay = second.post("/az/accounts/2fa/authenticate/", {"code": code})
    assert replay.status_code == 200, "the same code signed in a second time"
    assert second.get("/admin/").status_code == 302


def test_health_says_the_cache_is_degraded_and_the_outage_is_logged_once(
    client, redis_cache, caplog
):
    assert client.get("/api/v1/health/").json()["cache"] == "ok"
    redis_cache.shut_down()
    with caplog.at_level(logging.WARNING, logger="civic_platform.cache"):
        for _ in range(3):
            response = client.get("/api/v1/health/")
            assert response.status_code == 200
            body = response.json()
            assert (body["status"], body["cache"], body["database"]) == (
                "degraded",
                "degraded",
                "ok",
            )
        cache.set("during-the-outage", "kept in this process")
        assert cache.get("during-the-outage") == "kept in this process"
    outage_warnings = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert len(outage_warnings) == 1
