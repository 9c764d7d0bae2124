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
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
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
    "rightthere.sms",
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
    "rightthere.notifications",
    "rightthere.presence",
    "rightthere.saved_views",
    "rightthere.setup_screens",
    "rightthere.webhooks",
    "rightthere.automation",
    "rightthere.moving_in",
    "rightthere.api",
    "rightthere.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # django-csp's, its header made once per process (core.security_headers).
    "rightthere.core.security_headers.ContentSecurityPolicy",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The business's time zone and language (Business profile) for every request.
    "rightthere.accounts.business_locale.BusinessLocale",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, reading the person with the session (one statement, accounts.sessions).
    "rightthere.accounts.sessions.StaffAuthentication",
    # A signed-in person's own language (theirs, else their browser's, else the business's).
    "rightthere.accounts.languages.StaffLanguage",
    # A fresh install (nobody yet): opening the site leads to creating the owner.
    "rightthere.setup_screens.first_run_views.FirstRunGate",
    # django-otp's, given the device read with the session (accounts.sessions).
    "rightthere.accounts.sessions.StaffOTPMiddleware",
    # Asks for the second factor after the password, or sends to set it up when required.
    "rightthere.accounts.two_factor_gate.TwoFactorGate",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a log-in refused for too many failures into the page that says so.
    "axes.middleware.AxesMiddleware",
]
AUTHENTICATION_BACKENDS = [
    # Refuses a locked-out username and address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, given the person read with the session (accounts.sessions).
    "rightthere.accounts.sessions.StaffBackend",
]
# Sessions in the database, as Django's own, with the signed-in person's id as a column:
# a request reads its session and person in one statement (accounts.sessions).
SESSION_ENGINE = "rightthere.accounts.sessions"

# Covering-index columns (INCLUDE) are PostgreSQL's; SQLite uses the same index without them.
# templates.W003: the project's "i18n" template library is Django's own with a cached
# {% translate %} (rightthere.core.i18n_tags, TEMPLATES below) and so shares Django's name on
# purpose; tests/core/test_i18n_tags.py checks that it is the only name shared.
SILENCED_SYSTEM_CHECKS = ["models.W040", "templates.W003"]
ROOT_URLCONF = "rightthere.urls"
WSGI_APPLICATION = "rightthere.wsgi.application"

# Each process keeps its own: the default, and the case page's timeline fragments (an
# event's or a message head's HTML, keyed on what it shows; #23). About 1 KB each.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "template_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "template_fragments",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
}

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
                "rightthere.core.js_strings.js_strings",
                "rightthere.core.staff_nav.staff_nav",
            ],
            # Django's i18n tags, a fixed `translate` looked up once per language (#23).
            "libraries": {"i18n": "rightthere.core.i18n_tags"},
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
# The languages a business and each customer can choose: the business's for the staff
# screens (Business profile, else LANGUAGE_CODE), the customer's for their mails and
# pages; translations in src/rightthere/locale and each app's locale folder.
LANGUAGES = [
    ("en-gb", "English (United Kingdom)"),
    ("en-us", "English (United States)"),
    ("de", "Deutsch"),
]
# core is not an installed app: its catalogue (errors, API helpers) is listed here.
LOCALE_PATHS = [
    BASE_DIR / "locale",
    BASE_DIR / "templates" / "locale",
    BASE_DIR / "core" / "locale",
]
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
# Content-Security-Policy: scripts only from the desk's own files (no inline script or
# handlers anywhere: static/rightthere/behaviours.js does what they did), nothing framed,
# forms post only here. Inline styles stay allowed (style attributes; no script runs
# from CSS). Images from elsewhere load only when staff click "Show images" on a mail.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "https:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-
# separated): the client's address for log-in and contact-form limits comes from it.
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("TRUSTED_PROXIES", "").split(",") if p.strip()]
# Log-in limits (django-axes; the numbers are in RIGHTTHERE below).
AXES_FAILURE_LIMIT = "rightthere.accounts.login_limits.failure_limit"
AXES_COOLOFF_TIME = "rightthere.accounts.login_limits.lock_time"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "rightthere.accounts.login_limits.LoginLimits"
AXES_LOCKOUT_CALLABLE = "rightthere.accounts.login_limits.locked_out"
AXES_CLIENT_IP_CALLABLE = "rightthere.accounts.client_ip.client_ip"
AXES_USERNAME_CALLABLE = "rightthere.accounts.login_limits.username_of"
OTP_TOTP_ISSUER = os.environ.get("BUSINESS_NAME", "Rightthere")
AXES_RESET_ON_SUCCESS = True
# Tries while locked are refused without being counted (the lock does not grow).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
# Customers sign in to "All my requests" with a link mailed to them (django-sesame,
# rightthere.portal.sign_in): it works once, for this many seconds.
SESAME_MAX_AGE = int(os.environ.get("CUSTOMER_SIGN_IN_LINK_SECONDS", "900"))
SESAME_ONE_TIME = True
if env_bool("BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS only: browsers are told to use HTTPS for this long (HSTS; start small, e.g.
# 3600, then 31536000 once every page works over HTTPS), and plain HTTP is redirected.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT")
# The health check answers over plain HTTP too (load balancers probe it that way).
SECURE_REDIRECT_EXEMPT = [r"^health/$"]

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
    # All files of one web form together (a reply with several photos).
    "MAX_UPLOAD_BYTES": int(os.environ.get("MAX_UPLOAD_BYTES", str(50 * 1024 * 1024))),
    "INBOX_PAGE_SIZE": 25,
    "BUSINESS_NAME": os.environ.get("BUSINESS_NAME", "Customer service"),
    # Public address of this desk, used in links sent to customers.
    "BASE_URL": os.environ.get("BASE_URL", "http://127.0.0.1:8000"),
    "WEB_FORM_MAX_PER_IP": int(os.environ.get("WEB_FORM_MAX_PER_IP", "5")),
    "WEB_FORM_WINDOW_MINUTES": int(os.environ.get("WEB_FORM_WINDOW_MINUTES", "15")),
    # Replies on a customer's status page (no log-in), per case and per address.
    "STATUS_REPLIES_PER_HOUR": int(os.environ.get("STATUS_REPLIES_PER_HOUR", "20")),
    "STATUS_UPLOAD_BYTES_PER_DAY": int(
        os.environ.get("STATUS_UPLOAD_BYTES_PER_DAY", str(100 * 1024 * 1024))
    ),
    # "All my requests": sign-in links asked for one address, and from one network
    # address, in SIGN_IN_WINDOW_MINUTES (known addresses or not) before asking is refused.
    "SIGN_IN_LINKS_PER_ADDRESS": int(os.environ.get("SIGN_IN_LINKS_PER_ADDRESS", "5")),
    "SIGN_IN_LINKS_PER_NETWORK": int(os.environ.get("SIGN_IN_LINKS_PER_NETWORK", "20")),
    "SIGN_IN_WINDOW_MINUTES": int(os.environ.get("SIGN_IN_WINDOW_MINUTES", "60")),
    # Open cases of the same customer this many days apart are offered as duplicates.
    "DUPLICATE_WINDOW_DAYS": int(os.environ.get("DUPLICATE_WINDOW_DAYS", "14")),
    # Mail naming a case's reference ([RT-000123]) joins that case only from one of its
    # customer's contacts; with this on, also from any address at a contact's domain.
    "MAIL_SAME_DOMAIN_JOINS": env_bool("MAIL_SAME_DOMAIN_JOINS"),
    # The authserv-id our own receiving mail server writes in its Authentication-Results
    # header (e.g. "mx.example.net"): only that header is believed. Empty: the topmost
    # one (see mail/authentication.py for the trade-off).
    "MAIL_AUTHSERV_ID": os.environ.get("MAIL_AUTHSERV_ID", "").strip(),
    # Wrong passwords (or API keys) for one username from one address before it is
    # locked for LOGIN_LOCK_MINUTES; and from one address for any usernames.
    "LOGIN_MAX_FAILURES": int(os.environ.get("LOGIN_MAX_FAILURES", "5")),
    "LOGIN_MAX_FAILURES_PER_ADDRESS": int(os.environ.get("LOGIN_MAX_FAILURES_PER_ADDRESS", "30")),
    "LOGIN_LOCK_MINUTES": int(os.environ.get("LOGIN_LOCK_MINUTES", "15")),
    # The local hour from which each person's daily notification digest is mailed.
    "NOTIFICATION_DIGEST_HOUR": int(os.environ.get("NOTIFICATION_DIGEST_HOUR", "7")),
    # Multiplies every periodic job's interval and the workers' heartbeat timings
    # (rightthere.jobs.periodic). 1.0 in production; tests shorten them with e.g. 0.05.
    "PERIODIC_INTERVAL_SCALE": float(os.environ.get("PERIODIC_INTERVAL_SCALE", "1.0")),
    # Outgoing webhooks (docs/webhooks.md): the wait for a receiver's answer, attempts
    # before a delivery fails, failed attempts in a row before a webhook is paused, the
    # first retry's wait (doubling), and how long after the timeout a claimed delivery
    # whose worker died is taken again.
    "WEBHOOK_TIMEOUT_SECONDS": float(os.environ.get("WEBHOOK_TIMEOUT_SECONDS", "10")),
    "WEBHOOK_MAX_ATTEMPTS": int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "10")),
    "WEBHOOK_PAUSE_AFTER_FAILURES": int(os.environ.get("WEBHOOK_PAUSE_AFTER_FAILURES", "15")),
    "WEBHOOK_RETRY_BASE_SECONDS": float(os.environ.get("WEBHOOK_RETRY_BASE_SECONDS", "30")),
    "WEBHOOK_CLAIM_GRACE_SECONDS": float(os.environ.get("WEBHOOK_CLAIM_GRACE_SECONDS", "30")),
    # Webhooks go only to public addresses (webhooks.targets); 1 also allows loopback
    # and private ones, for receivers on the owner's own network.
    "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": env_bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES"),
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
# Or mail through a provider's API (django-anymail): RIGHTTHERE_MAIL_PROVIDER=mailgun,
# postmark, sendgrid, ses or brevo, with its settings as anymail names them (MAILGUN_API_KEY,
# POSTMARK_SERVER_TOKEN, ...) and RIGHTTHERE_MAIL_WEBHOOK_SECRET; see mail/providers.py.
RIGHTTHERE["MAIL_PROVIDER"] = os.environ.get("RIGHTTHERE_MAIL_PROVIDER", "").strip().lower()
# A provider's signed post (Mailgun) whose signature's timestamp is further than this
# from now is refused, and its token is taken once (mail.webhook_tokens: no replays).
RIGHTTHERE["MAIL_WEBHOOK_MAX_AGE_SECONDS"] = int(
    os.environ.get("RIGHTTHERE_MAIL_WEBHOOK_MAX_AGE_SECONDS", "600")
)
# The largest incoming mail, by IMAP or posted by a provider (mail.ingest.check_size).
RIGHTTHERE["MAX_INBOUND_MAIL_BYTES"] = int(
    os.environ.get("MAX_INBOUND_MAIL_BYTES", str(50 * 1024 * 1024))
)
if RIGHTTHERE["MAIL_PROVIDER"]:
    from rightthere.mail.providers import PROVIDERS, provider_settings

    if RIGHTTHERE["MAIL_PROVIDER"] not in PROVIDERS:
        raise ImproperlyConfigured(
            f"RIGHTTHERE_MAIL_PROVIDER={RIGHTTHERE['MAIL_PROVIDER']!r} is not one of "
            f"{', '.join(PROVIDERS)} (leave it empty for SMTP and IMAP)."
        )
    ANYMAIL = provider_settings(dict(os.environ), PROVIDERS[RIGHTTHERE["MAIL_PROVIDER"]])
    if "EMAIL_BACKEND" not in os.environ:
        EMAIL_BACKEND = PROVIDERS[RIGHTTHERE["MAIL_PROVIDER"]].backend
    RIGHTTHERE["SEND_MAIL"] = True

# SMS for visit-day notices and phone-only acknowledgements (rightthere.sms). Off until
# SMS_BACKEND names a backend, like EMAIL_BACKEND: rightthere.sms.backends.twilio.
# TwilioBackend (the Messages API), .console.ConsoleBackend or .file.FileBackend (for
# development). The From number can also be set on the SMS set-up screen.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "")
SMS_FROM_NUMBER = os.environ.get("SMS_FROM_NUMBER", "")
SMS_ACCOUNT_SID = os.environ.get("SMS_ACCOUNT_SID", "")
SMS_AUTH_TOKEN = os.environ.get("SMS_AUTH_TOKEN", "")
SMS_API_URL = os.environ.get("SMS_API_URL", "https://api.twilio.com")
SMS_TIMEOUT = float(os.environ.get("SMS_TIMEOUT", "10"))
SMS_FILE_PATH = Path(os.environ.get("SMS_FILE_PATH", DATA_DIR / "sms"))
# A phone number typed without its country code is read as one of this country.
RIGHTTHERE["PHONE_REGION"] = os.environ.get("PHONE_REGION", "GB").upper()

DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
# Files are measured as they stream in (a too-large one is dropped there, never read
# whole), then kept in memory up to 2.5 MB and on disk above.
FILE_UPLOAD_HANDLERS = [
    "rightthere.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
