"""The test run: the real services that `docker/services.sh start` runs for this checkout.

Their URLs come from docker/services.env, the file the script and the Makefile read too, so
`pytest` works after `make services`; an environment variable of the same name wins (as when
`make test` passes them, or a developer points one run at other servers). Nothing here falls
back to SQLite or in-memory stand-ins.
"""

import os
from pathlib import Path

import environ

# setdefault semantics: only what the environment does not already say.
environ.Env.read_env(Path(__file__).resolve().parents[2] / "docker" / "services.env")
os.environ.setdefault("ELASTICSEARCH_INDEX_PREFIX", "civic-test")
os.environ.setdefault("CACHE_KEY_PREFIX", "civic-test")
os.environ.setdefault("CHANNEL_LAYER_PREFIX", "civic-test")

# `make test` runs two pytest-xdist workers side by side (gw0, gw1). pytest-django gives each its
# own test database; here each also gets its own Redis database (the tests empty the cache
# between tests, which is FLUSHDB), index and key prefixes and media directories, so neither
# sees the other's data. A process a test starts inherits PYTEST_XDIST_WORKER and lands on the
# same services as the test: it inherits the adjusted variables too, with the mark that says
# they are adjusted already.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER and os.environ.get("CIVIC_TEST_SERVICES_OF") != XDIST_WORKER:
    os.environ["CIVIC_TEST_SERVICES_OF"] = XDIST_WORKER
    for variable in ("ELASTICSEARCH_INDEX_PREFIX", "CACHE_KEY_PREFIX", "CHANNEL_LAYER_PREFIX"):
        os.environ[variable] = f"{os.environ[variable]}-{XDIST_WORKER}"
    if os.environ.get("REDIS_URL"):
        base_url, _, database = os.environ["REDIS_URL"].rpartition("/")
        worker_number = int(XDIST_WORKER.removeprefix("gw"))
        os.environ["REDIS_URL"] = f"{base_url}/{int(database or 0) + 1 + worker_number}"

from .base import *  # noqa: E402, F403

SECRET_KEY = "test-secret-key-only-for-the-test-run-0b8e5c2d9a"
DEBUG = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = str(BASE_DIR / "var" / f"test-media{XDIST_WORKER}")  # noqa: F405
PRIVATE_MEDIA_ROOT = str(BASE_DIR / "var" / f"test-private{XDIST_WORKER}")  # noqa: F405
STORAGES["private"]["OPTIONS"]["location"] = PRIVATE_MEDIA_ROOT  # noqa: F405
# Serve static files from the apps in the live-server browser tests, as in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Background work runs at once, in the test's own process; the tests about the worker itself
# switch to the database backend and start `manage.py worker` with TASKS_BACKEND naming it.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
