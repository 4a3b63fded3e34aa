"""The embedded default for one machine and `make run`: SQLite, in-memory channel layer,
database search, email printed to the console. Environment variables still override."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="dev-only-secret-key-never-used-in-production-7c1f0b")
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
