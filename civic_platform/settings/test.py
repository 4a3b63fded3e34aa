"""The test run: the real services that `docker/services.sh start` brings up on loopback.

Defaults point there so `pytest` works after `make services`; `make test` passes the same
values explicitly. Nothing here falls back to SQLite or in-memory stand-ins.
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://civic:civic@127.0.0.1:5432/civic")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/1")
os.environ.setdefault("ELASTICSEARCH_URL", "http://127.0.0.1:9200")
os.environ.setdefault("ELASTICSEARCH_INDEX_PREFIX", "civic-test")
os.environ.setdefault("CACHE_KEY_PREFIX", "civic-test")
os.environ.setdefault("CHANNEL_LAYER_PREFIX", "civic-test")

from .base import *  # noqa: E402, F403

SECRET_KEY = "test-secret-key-only-for-the-test-run-0b8e5c2d9a"
DEBUG = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = str(BASE_DIR / "var" / "test-media")  # noqa: F405
# Serve static files from the apps in the live-server browser tests, as in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
