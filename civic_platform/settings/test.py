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

from .base import *  # noqa: E402, F403

SECRET_KEY = "test-secret-key-only-for-the-test-run-0b8e5c2d9a"
DEBUG = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = str(BASE_DIR / "var" / "test-media")  # noqa: F405
PRIVATE_MEDIA_ROOT = str(BASE_DIR / "var" / "test-private")  # noqa: F405
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
