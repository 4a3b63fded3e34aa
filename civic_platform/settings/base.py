"""Settings shared by every environment; the others differ only where they must.

Everything that varies between machines comes from environment variables, so the
same code runs embedded (SQLite, in-memory channel layer, database search) and at
scale (PostgreSQL, Redis, Elasticsearch).
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PROJECT_DIR = BASE_DIR / "civic_platform"

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "daphne",
    "civic_platform",
    "civic_platform.accounts",
    "civic_platform.notifications",
    "civic_platform.organisations",
    "themes",
    "councils",
    "consultations",
    "municipalities",
    "guidance",
    "search",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.redirects",
    "wagtail.contrib.simple_translation",
    "wagtail.locales",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "civic_platform.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "civic_platform.middleware.SiteLocaleMiddleware",
    "civic_platform.middleware.RejectNulCharactersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "civic_platform.page_cache.AnonymousPageCacheMiddleware",
    "civic_platform.middleware.AdminRequiresMultiFactorMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "civic_platform.urls"
WSGI_APPLICATION = "civic_platform.wsgi.application"
ASGI_APPLICATION = "civic_platform.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "civic_platform.context_processors.site_navigation",
                "civic_platform.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# --- Data stores -----------------------------------------------------------------------------

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the ASGI server read while a write is in flight; the timeout rides out short locks.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
elif DATABASE_POOL_SIZE := env.int("DATABASE_POOL_SIZE", default=10):
    # Django's ASGI handler runs each request's sync code in a thread of its own, so a
    # connection kept per thread (CONN_MAX_AGE) is never used again: every page opened a new
    # PostgreSQL connection. A process-wide pool lends one to whichever thread asks; a
    # connection that died while idle (a database restart) is replaced before it is lent.
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": DATABASE_POOL_SIZE,
        # A request waits this long for a free connection (or a database that is down) and
        # then fails.
        "timeout": 5,
    }
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "civic_platform.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            # Give up quickly on a dead Redis: the cache fails open (see civic_platform.cache).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="civic"),
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            # channels_redis with a pool that queues callers instead of failing them, and no
            # hidden retries (civic_platform/channel_layers.py).
            "BACKEND": "civic_platform.channel_layers.RedisChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        # Per process and event loop; a caller waits up to `timeout` s for one.
                        "max_connections": env.int("CHANNEL_LAYER_MAX_CONNECTIONS", default=50),
                        "timeout": 5,
                        # A dead Redis is noticed within a second; a silent one within 10 s,
                        # longer than the layer's 5 s blocking reads.
                        "socket_connect_timeout": 1,
                        "socket_timeout": 10,
                    }
                ],
                "prefix": env("CHANNEL_LAYER_PREFIX", default="civic"),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "civic-platform",
        }
    }
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# Unset: the database search backend. Set: our Elasticsearch documents (search/ app).
ELASTICSEARCH_URL = env("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env("ELASTICSEARCH_INDEX_PREFIX", default="civic")
ELASTICSEARCH_TIMEOUT = env.float("ELASTICSEARCH_TIMEOUT", default=5.0)

# Wagtail's own admin search (page chooser, admin listing) stays on the database; public search
# is the search app's, which picks Elasticsearch when ELASTICSEARCH_URL is set.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Anonymous page views are served from the cache for this long at most; every publish drops
# them at once (civic_platform/page_cache.py). 0 turns the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)

# --- Consultation comments -------------------------------------------------------------------

# How many comments one person may post, counted across every worker (shared cache).
CONSULTATION_COMMENTS_PER_MINUTE = env.int("CONSULTATION_COMMENTS_PER_MINUTE", default=5)
CONSULTATION_COMMENTS_PER_DAY = env.int("CONSULTATION_COMMENTS_PER_DAY", default=50)
# The same text from the same person again within this many seconds is refused.
CONSULTATION_DUPLICATE_SECONDS = env.int("CONSULTATION_DUPLICATE_SECONDS", default=600)
# The length limit of a comment, counted on the text as typed.
CONSULTATION_COMMENT_MAX_CHARACTERS = env.int("CONSULTATION_COMMENT_MAX_CHARACTERS", default=5000)

# --- Live discussion (civic_platform/live_hub.py, README "Live discussion") -------------------

# WebSocket handshakes doing database and channel-layer work at once, per process; a burst
# beyond it waits its turn.
LIVE_HANDSHAKE_CONCURRENCY = env.int("LIVE_HANDSHAKE_CONCURRENCY", default=16)
# Viewer counts are pushed at most this often per consultation and process.
LIVE_VIEWERS_PUSH_SECONDS = env.float("LIVE_VIEWERS_PUSH_SECONDS", default=1.0)
# A post never waits longer than this for its live broadcast (Redis slow or unreachable).
LIVE_BROADCAST_TIMEOUT = env.float("LIVE_BROADCAST_TIMEOUT", default=1.5)

# --- Background work -------------------------------------------------------------------------

# The project's worker (`manage.py worker`, started by `make run` and compose's `worker`
# service) runs what is enqueued here: notification emails, the daily digest, and Wagtail's
# own background work.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# The daily digest leaves at this hour of TIME_ZONE.
NOTIFICATIONS_DIGEST_HOUR = env.int("NOTIFICATIONS_DIGEST_HOUR", default=8)

# --- Authentication --------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = env("EMAIL_SUBJECT_PREFIX", default="[Açıq Hökumət] ")
# allauth keeps its counters in the default cache, which is Redis wherever REDIS_URL is set,
# so the limits hold across every worker.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
    # The account pages of civic_platform.accounts: a download gathers everything a person has,
    # and a deletion attempt checks the password, so both are bounded like allauth's own forms.
    "export_personal_data": "10/h/user",
    "delete_account": "5/5m/user",
}
# A fresh sign-in counts as a recent password check, so a new editor sets up an authenticator
# without typing the password twice (civic_platform/accounts/first_sign_in.py).
ACCOUNT_ADAPTER = "civic_platform.accounts.first_sign_in.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_FORMS = {"activate_totp": "civic_platform.accounts.first_sign_in.EditorActivateTOTPForm"}
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="Açıq Hökumət Platforması")

WAGTAILADMIN_LOGIN_URL = "account_login"

# --- Email -----------------------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="no-reply@localhost")
SERVER_EMAIL = env("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)

# --- Internationalisation --------------------------------------------------------------------

LANGUAGE_CODE = "az"
LANGUAGES = [
    ("az", "Azərbaycanca"),
    ("en", "English"),
    ("ru", "Русский"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Baku"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "civic_language"
LANGUAGE_COOKIE_SECURE = False
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60

WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# Editors choose the admin's language in their account preferences, each language under its own
# name; until they do, the admin speaks the site's default (SiteLocaleMiddleware), never the
# browser's.
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_SITE_NAME = "Açıq Hökumət Platforması"
WAGTAILADMIN_BASE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# No third-party requests from the admin: avatars and release checks would leak who edits.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Bytes; Wagtail's document form refuses larger files with a message naming both sizes.
WAGTAILDOCS_MAX_UPLOAD_SIZE = env.int("DOCUMENT_MAX_UPLOAD_SIZE", default=20 * 1024 * 1024)

# --- Static and media ------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "static_collected"))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Documents only moderators may read (organisations' verification papers): outside
    # MEDIA_ROOT, so no web server serves them, and without URLs.
    "private": {
        "BACKEND": "civic_platform.organisations.storage.PrivateFileStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Security headers, on in every setting ---------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# The public site runs no inline script or style; everything is served from 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# Wagtail's admin still needs inline styles and scripts and loads its previews in frames; the
# relaxed policy applies under ADMIN_PATH_PREFIXES only, never to public pages.
ADMIN_CONTENT_SECURITY_POLICY_UPDATE = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["blob:"],
    "frame-ancestors": ["'self'"],
}
ADMIN_PATH_PREFIXES = ("/admin/",)
# Redoc, on the API reference page only, styles itself with <style> elements it writes and
# runs its search index in a worker made from a blob: URL. Its maker's logo, which it fetches
# from its maker's server, stays blocked: no request about a visitor leaves the site, and Redoc
# drops the image when it fails to load.
API_DOCS_PATH = "/api/v1/docs/"
API_DOCS_CONTENT_SECURITY_POLICY_UPDATE = {
    "style-src": ["'unsafe-inline'"],
    "worker-src": ["blob:"],
}
# Errors under these paths are JSON and never redirected to a language prefix.
API_PATH_PREFIXES = ("/api/",)

# --- API -------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "civic_platform.api_schema.OpenDataAutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "civic_platform.api_tools.OpenDataPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["civic_platform.filters.OpenDataFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "600/minute", "user": "1200/minute"},
    # How many proxies in front of the workers append to X-Forwarded-For. 0 (the default)
    # ignores the header, so a client cannot pick a fresh throttle identity by sending one.
    "NUM_PROXIES": env.int("NUM_PROXIES", default=0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Open Government Platform API",
    "DESCRIPTION": (
        "Open data of the civic consultation platform for Azerbaijan's National Action Plan "
        "on promoting Open Government 2020–2022: plan measures, councils, consultations and "
        "municipal budgets."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # The API reference page loads Redoc from this site's static files, not from a CDN.
    "REDOC_DIST": "SIDECAR",
    "PREPROCESSING_HOOKS": ["civic_platform.api.only_open_data_endpoints"],
    "ENUM_NAME_OVERRIDES": {
        "MeasureStatusEnum": "themes.models.MeasureStatus",
        "ComponentStateEnum": "civic_platform.health.STATES",
        "CouncilKindEnum": "councils.choices.CouncilKind",
        "CouncilStatusEnum": "councils.choices.CouncilStatus",
        "MeetingStatusEnum": "councils.choices.MeetingStatus",
        "ActionItemStatusEnum": "councils.choices.ActionStatus",
        "MemberRoleEnum": "councils.choices.MemberRole",
        "ConsultationKindEnum": "consultations.choices.ConsultationKind",
        "ConsultationStatusEnum": "consultations.choices.ConsultationStatus",
        "SectionKindEnum": "consultations.choices.SectionKind",
        "CommentStatusEnum": "consultations.choices.CommentStatus",
        "RespondentTypeEnum": "consultations.choices.RespondentType",
        "StanceEnum": "consultations.choices.Stance",
        "MunicipalityKindEnum": "municipalities.choices.MunicipalityKind",
        "BudgetStageEnum": "municipalities.choices.Stage",
        "BudgetLineKindEnum": "municipalities.choices.LineKind",
        "BudgetCategoryEnum": "municipalities.choices.Category",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Page saves log every background task and audit line; keep the console readable.
        "wagtail": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "elastic_transport": {"level": "WARNING"},
    },
}
