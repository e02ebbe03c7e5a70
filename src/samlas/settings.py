"""Django settings for Samlas, configured by environment variables.

Defaults give a working development instance on the embedded SQLite database under
`var/`; production sets `DATABASE_URL`, `SECRET_KEY`, `ALLOWED_HOSTS` and `DEBUG=0`.
"""

import os
from pathlib import Path

import dj_database_url

from samlas.ops.config import cache_settings, logging_settings, parse_email_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("SAMLAS_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-only-for-the-demo")
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "samlas.core",
    "samlas.organisations",
    "samlas.events",
    "samlas.programme",
    "samlas.registration",
    "samlas.allocation",
    "samlas.workshops",
    "samlas.archive",
    "samlas.backoffice",
    "samlas.mailings",
    "samlas.privacy",
    "samlas.api",
    "samlas.demo",
    # Before django_tasks_db: its `db_worker` command adds a heartbeat (docs/deployment.md).
    "samlas.ops",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "drf_spectacular",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "samlas.ops.middleware.ServiceUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samlas.core.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-step sign-in (docs/two-factor.md): marks a session verified once a code is given,
    # and keeps staff pages from a session that has not given one.
    "django_otp.middleware.OTPMiddleware",
    "samlas.backoffice.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "samlas.privacy.middleware.PermissionsPolicyMiddleware",
]

ROOT_URLCONF = "samlas.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "samlas.wsgi.application"

SQLITE_PATH = VAR_DIR / "samlas.sqlite3"
DATABASES = {
    # An empty DATABASE_URL means the embedded default, as an unset one does.
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", 0)),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database lives under var/, which a fresh clone does not have yet.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Concurrent use of the embedded database: WAL lets readers run beside the one writer;
    # IMMEDIATE takes the write lock at BEGIN so a transaction never fails half-way with
    # "database is locked"; writers queue for up to `timeout` seconds instead.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-samlas.sqlite3")}
else:
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"]["options"] = "-c default_text_search_config=pg_catalog.swedish"
    # Parameters travel beside the SQL instead of being quoted into it by psycopg in Python:
    # 9 % less app CPU per registration in a rush (bench/registration_rush.py, side by side).
    DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
    # A statement a connection has run five times (a registration's INSERTs and seat
    # UPDATEs) is prepared: PostgreSQL then stops parsing and planning it on every run, which
    # cut its CPU per registration in a rush by a third (10 % more confirmed/s, side by side).
    # Django leaves this off for poolers that cannot follow named statements (PgBouncer
    # before 1.22, or max_prepared_statements = 0): DATABASE_PREPARED_STATEMENTS=0 is for them.
    if env_bool("DATABASE_PREPARED_STATEMENTS", True):
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 5

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "backoffice:login"
LOGIN_REDIRECT_URL = "backoffice:dashboard"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "sv"
# Labels come from Django's own catalogues; each app keeps its strings in its own locale/.
LANGUAGES = [("sv", "Swedish"), ("en", "English")]
FORMAT_MODULE_PATH = ["samlas.core.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    # Writes to a temporary file and renames it: never a half-written upload (samlas.ops).
    "default": {"BACKEND": "samlas.ops.storage.AtomicFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

# The public base URL, for absolute links in calendars, feeds and e-mail.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = "Samlas"

# Background work (e-mail from the outbox, …) runs in `python -m samlas db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# E-mail leaves through the registration outbox (docs/email.md). The demo prints it.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = False
EMAIL_TIMEOUT = 30
if os.environ.get("EMAIL_URL"):
    # One variable instead of the six above, e.g. smtp+tls://user:password@mail.example.org
    # (samlas.ops.config.parse_email_url lists the schemes).
    _email = parse_email_url(os.environ["EMAIL_URL"])
    EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT = _email.backend, _email.host, _email.port
    EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _email.user, _email.password
    EMAIL_USE_TLS, EMAIL_USE_SSL, EMAIL_TIMEOUT = _email.use_tls, _email.use_ssl, _email.timeout
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Samlas <noreply@samlas.invalid>")

# Nothing lives in one process's memory, so any number of app servers can run side by side:
# both caches are Redis when REDIS_URL is set, else a database table (created by migrate).
# "shared" holds the registration form's rate limits and used ALTCHA proofs. Sessions are
# stored in the database; with Redis they are also cached there.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = cache_settings(REDIS_URL, key_prefix=os.environ.get("CACHE_KEY_PREFIX", "samlas"))
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
# Registration form bot protection (registration/botcheck.py): ALTCHA proof-of-work cost
# (PBKDF2 iterations per attempt), seconds a person needs at least, submissions per client
# address per window (seconds).
SAMLAS_ALTCHA_COST = int(os.environ.get("SAMLAS_ALTCHA_COST", 5000))
SAMLAS_REGISTRATION_MIN_SECONDS = 5
SAMLAS_REGISTRATION_RATE_LIMIT = (20, 600)

# The internal JSON registration endpoint used by bench/registration_rush.py; off by default
# because it skips the form's bot protection.
SAMLAS_REGISTRATION_API = env_bool("SAMLAS_REGISTRATION_API", False)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
# HTTPS: on by default when the public address (SITE_URL) is https, as in production
# behind nginx (docs/deployment.md); each can be set on its own. The proxy must overwrite
# X-Forwarded-Proto. Health checks are answered over plain HTTP for load balancers.
_HTTPS = not DEBUG and SITE_URL.startswith("https://")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if env_bool("SECURE_PROXY_SSL_HEADER", _HTTPS):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31_536_000 if _HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Joining the browsers' HSTS preload list binds the whole registrable domain (often a
# municipality's own), so it is the domain owner's decision: SECURE_HSTS_PRELOAD=1.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Content-Security-Policy (django-csp): only our own scripts, styles and images; no inline
# script or style attribute anywhere (JSON-LD data blocks are not scripts and are allowed);
# ALTCHA's proof-of-work runs in a Web Worker from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "worker-src": ["'self'", "blob:"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
# Back-office sessions last a working day; sign in again the next.
SESSION_COOKIE_AGE = 10 * 60 * 60
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = [SITE_URL]
# Failed sign-ins, per user name and per client address, in the shared cache
# (samlas.privacy.login_throttle, which every login form goes through).
AUTHENTICATION_BACKENDS = ["samlas.privacy.login_throttle.ThrottledModelBackend"]
SAMLAS_LOGIN_RATE_LIMIT = {"per_user": 10, "per_address": 50, "window": 15 * 60}
# Two-step sign-in with an authenticator app (TOTP): optional for every staff user; with
# this on, administrators (and superusers) must set it up before using the back office.
SAMLAS_REQUIRE_2FA_FOR_ADMINS = env_bool("SAMLAS_REQUIRE_2FA_FOR_ADMINS", False)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", SITE_NAME)

# Retention of personal data (docs/retention.md): days after each event, unless the event
# sets its own; organisers are warned WARNING_DAYS before. `purge_personal_data` runs daily.
SAMLAS_RETENTION = {
    "PERSONAL_DATA_DAYS": int(os.environ.get("SAMLAS_PERSONAL_DATA_DAYS", 90)),
    "HEALTH_DATA_DAYS": int(os.environ.get("SAMLAS_HEALTH_DATA_DAYS", 1)),
    "WARNING_DAYS": 14,
    "CONTACT_MESSAGE_DAYS": 365,
}

# REST API (docs/api.md): token authentication only (no cookies, so no CSRF), one error
# body, OpenAPI 3 at /api/v1/schema/.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["samlas.api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "samlas.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "600/minute", "user": "1200/minute"},
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Samlas API",
    "DESCRIPTION": "Events, programmes, registrations and webhooks (docs/api.md).",
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "samlas.events.models.Event.Language",
        "RegistrationLanguageEnum": "django.conf.settings.LANGUAGES",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "samlas.api.schema.add_error_responses",
    ],
}
# Webhooks go only to public https addresses, except in development.
SAMLAS_WEBHOOK_ALLOW_PRIVATE = env_bool("SAMLAS_WEBHOOK_ALLOW_PRIVATE", DEBUG)

# Uploads: a size limit checked while the upload streams in, and a clear error instead of a
# half-written file when the disk is full (samlas.ops.uploads, samlas.ops.storage).
FILE_UPLOAD_HANDLERS = [
    "samlas.ops.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "samlas.ops.uploads.SafeTemporaryFileUploadHandler",
]
SAMLAS_MAX_UPLOAD_SIZE = int(os.environ.get("SAMLAS_MAX_UPLOAD_SIZE", 2100 * 1000 * 1000))

# The task worker (`python -m samlas db_worker`) writes a heartbeat every few seconds
# (/readyz reads it) and sends outbox e-mail whose task was lost, e.g. to a killed worker.
SAMLAS_WORKER_HEARTBEAT_SECONDS = int(os.environ.get("SAMLAS_WORKER_HEARTBEAT_SECONDS", 10))
SAMLAS_OUTBOX_SWEEP_SECONDS = int(os.environ.get("SAMLAS_OUTBOX_SWEEP_SECONDS", 60))
# It also sends the events' reminders when due (docs/mailings.md): no cron job is needed.
SAMLAS_REMINDER_SWEEP_SECONDS = int(os.environ.get("SAMLAS_REMINDER_SWEEP_SECONDS", 300))
# And the daily retention run (docs/retention.md): one worker runs it at this hour, local
# time; every worker asks every SAMLAS_RETENTION_SWEEP_SECONDS whether it is due.
SAMLAS_RETENTION_HOUR = int(os.environ.get("SAMLAS_RETENTION_HOUR", 3))
SAMLAS_RETENTION_SWEEP_SECONDS = int(os.environ.get("SAMLAS_RETENTION_SWEEP_SECONDS", 600))

# LOG_FORMAT=json for one JSON object per line; either way personal data is filtered out.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text")
LOGGING = logging_settings(LOG_FORMAT, os.environ.get("LOG_LEVEL", "WARNING"))
