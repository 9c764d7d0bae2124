"""Settings read from the environment.

DATABASE_URL  sqlite:///path or postgres://user@host/db (default: SQLite file in the data dir)
SECRET_KEY    required when DEBUG is off
DEBUG         "1"/"true" to enable (default off)
ALLOWED_HOSTS comma separated (default localhost,127.0.0.1)
"""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("RIGHTTHERE_DATA_DIR", Path.cwd() / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG")
INSECURE_DEFAULT_KEY = "insecure-dev-key-change-me"  # noqa: S105 - refused below when DEBUG is off
SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_DEFAULT_KEY)
TESTING = env_bool("RIGHTTHERE_TESTING")
if not DEBUG and not TESTING and SECRET_KEY == INSECURE_DEFAULT_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
        "(or DEBUG=1 for local development only)."
    )

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    # The API docs page (/api/docs) renders ninja's own template with its bundled
    # Swagger UI from static files; without this it loads Swagger UI from a CDN.
    "ninja",
    "rightthere.accounts",
    "rightthere.customers",
    "rightthere.cases",
    "rightthere.mail",
    "rightthere.portal",
    "rightthere.outbox",
    "rightthere.promises",
    "rightthere.satisfaction",
    "rightthere.field",
    "rightthere.coach",
    "rightthere.reviews",
    "rightthere.insights",
    "rightthere.recovery",
    "rightthere.jobs",
    "rightthere.ops",
    "rightthere.checklists",
    "rightthere.canned",
    "rightthere.merging",
    "rightthere.timetracking",
    "rightthere.similar",
    "rightthere.api",
    "rightthere.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Covering-index columns (INCLUDE) are PostgreSQL's; SQLite uses the same index without them.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
ROOT_URLCONF = "rightthere.urls"
WSGI_APPLICATION = "rightthere.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "rightthere.portal.context.business",
            ],
        },
    },
]

_default_db = f"sqlite:///{DATA_DIR / 'rightthere.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_db))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers continue while the worker writes; IMMEDIATE avoids
        # "database is locked" on write upgrades inside transactions.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    if os.environ.get("DATABASE_PREPARED_STATEMENTS", "1").lower() not in ("0", "false", "no"):
        # Values sent apart from the SQL, and a statement run 5 times on a connection
        # is prepared: PostgreSQL parses and plans it once, not on every request
        # (docs/benchmarks.md, "Prepared statements"). Set DATABASE_PREPARED_STATEMENTS=0
        # behind a pooler in transaction mode (PgBouncer before 1.21).
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {"server_side_binding": True, "prepare_threshold": 5}
        )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "inbox"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
# Attachments: a local folder (MEDIA_ROOT) by default, or any S3-compatible store
# through django-storages when S3_BUCKET is set (pip install 'rightthere[prod]').
_ATTACHMENTS: dict[str, Any] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if os.environ.get("S3_BUCKET"):
    _ATTACHMENTS = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID"),
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY"),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
STORAGES = {
    "default": _ATTACHMENTS,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and not TESTING
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))

# Security defaults: cookies are secure unless explicitly running plain-HTTP dev.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# Rightthere's own settings.
RIGHTTHERE: dict[str, Any] = {
    "CASE_REFERENCE_PREFIX": os.environ.get("CASE_REFERENCE_PREFIX", "RT"),
    "MAX_MESSAGE_CHARS": int(os.environ.get("MAX_MESSAGE_CHARS", "100000")),
    "MAX_ATTACHMENT_BYTES": int(os.environ.get("MAX_ATTACHMENT_BYTES", str(25 * 1024 * 1024))),
    "INBOX_PAGE_SIZE": 25,
    "BUSINESS_NAME": os.environ.get("BUSINESS_NAME", "Customer service"),
    # Public address of this desk, used in links sent to customers.
    "BASE_URL": os.environ.get("BASE_URL", "http://127.0.0.1:8000"),
    "WEB_FORM_MAX_PER_IP": int(os.environ.get("WEB_FORM_MAX_PER_IP", "5")),
    "WEB_FORM_WINDOW_MINUTES": int(os.environ.get("WEB_FORM_WINDOW_MINUTES", "15")),
    # Open cases of the same customer this many days apart are offered as duplicates.
    "DUPLICATE_WINDOW_DAYS": int(os.environ.get("DUPLICATE_WINDOW_DAYS", "14")),
}
# Outgoing mail. Nothing is sent until a mail server is configured; until then
# mail is kept as "held" and shown on the Outbox page.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=EMAIL_PORT == 465)
EMAIL_TIMEOUT = 30
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "support@localhost")
RIGHTTHERE["SEND_MAIL"] = bool(EMAIL_HOST) or "EMAIL_BACKEND" in os.environ

DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
