"""Settings for the portal, read from the environment (see docs/configuration.md)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item]


DEBUG = env_bool("DEBUG")

# Local commands work without a key; the WSGI server refuses to start on this
# placeholder unless DEBUG is on, and `check --deploy` warns about it.
INSECURE_DEVELOPMENT_KEY = "django-insecure-local-development-only"
SECRET_KEY = os.environ.get("SECRET_KEY") or INSECURE_DEVELOPMENT_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "accounts.admin_site.StaffAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_forms_gds",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "core",
    "accounts",
    "letters",
    "feedback",
    "plans",
    "consultations",
    "alerts",
    "portal",
]

MIDDLEWARE = [
    # Kept public pages are answered first, with every header the rest of
    # the stack gave them when they were drawn.
    "core.page_cache.PublicPageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.context.RequestContextMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SignedInSessionMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.page_cache.PrivateByDefaultMiddleware",
    # Last, as django-axes asks: it turns a lockout into the sign-in page.
    "axes.middleware.AxesMiddleware",
]

# django-axes checks each sign-in first (and refuses while locked out).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# A refused or missing `next` after signing in to the admin lands here.
LOGIN_REDIRECT_URL = "admin:index"

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
                "portal.context_processors.service",
            ],
        },
    },
]

# One DATABASE_URL switches engines; without it, an SQLite file beside manage.py.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Behind PgBouncer in transaction mode, server-side cursors (the CSV export's
# streaming) must be off.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(
    "DISABLE_SERVER_SIDE_CURSORS", False
)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers: WAL lets readers carry on during a write, IMMEDIATE
    # takes the write lock at BEGIN (so a transaction never fails half-way on
    # an upgrade), and the timeout makes a second writer wait, not fail.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
        ),
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded files (letter attachments, plan evidence, staff exports) live on
# this server's disk under MEDIA_ROOT, or, when S3_BUCKET is set, in an
# S3-compatible bucket that every app server and the worker share. Private
# either way: no file has a public address, and the apps serve each one
# through a view that checks who may read it (core.files).
S3_BUCKET = os.environ.get("S3_BUCKET", "")
S3_OPTIONS = {
    "bucket_name": S3_BUCKET,
    # Empty: Amazon S3 itself; set for another S3-compatible service.
    "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
    "region_name": os.environ.get("S3_REGION") or None,
    # Empty: boto3 finds its own credentials (an instance or task role).
    "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
    "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
    "location": os.environ.get("S3_PREFIX", "").strip("/"),
    # No ACL is sent, so each object is private to the bucket's owner. A
    # "private" ACL would say the same, but buckets whose ACLs are switched
    # off (Amazon's default for new buckets) refuse any upload that sends one.
    "default_acl": None,
    # Should anything ask for a file's URL, it is signed and expires.
    "querystring_auth": True,
    # A second upload of the same name is given a new one, as on disk: a
    # stored file is never replaced.
    "file_overwrite": False,
}
STORAGES = {
    "default": (
        {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": S3_OPTIONS}
        if S3_BUCKET
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Attachments larger than this are refused (see letters.validators).
ATTACHMENT_MAX_BYTES = int(os.environ.get("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024))
# A PDF whose compressed streams inflate past this is refused (core.pdf).
PDF_MAX_EXPANDED_BYTES = int(
    os.environ.get("PDF_MAX_EXPANDED_BYTES", 100 * 1024 * 1024)
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

SERVICE_NAME = os.environ.get("SERVICE_NAME", "Kent SEND letters and parents' voice")
SERVICE_CONTACT_EMAIL = os.environ.get(
    "SERVICE_CONTACT_EMAIL", "send.portal@example.org"
)

# Email. Nothing is sent inside a request: messages go to the outbox
# (core.email) and a worker (`manage.py db_worker`) sends them.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
# Seconds to wait for the mail server before a try counts as failed.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "sent-emails"))
# Waits, in seconds, before each new try at a failed email: a minute, five,
# half an hour, two hours, six hours; then the outbox gives up (audited).
EMAIL_RETRY_DELAYS = [
    int(seconds) for seconds in env_list("EMAIL_RETRY_DELAYS", "60,300,1800,7200,21600")
]
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", SERVICE_CONTACT_EMAIL)
# Where a reply goes (empty: to the sender). Alerts and nudges come from an
# address nobody reads; a reply should reach the team.
REPLY_TO = os.environ.get("REPLY_TO", SERVICE_CONTACT_EMAIL)

# Slow jobs (the email outbox). In production a worker runs them from the
# database (`manage.py db_worker`); `make run` (DEBUG) runs each at once, so a
# first run needs nothing more.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if DEBUG
            else "django_tasks_db.DatabaseBackend",
        ),
        "QUEUES": ["default"],
    }
}

# Security. Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER=1 so
# Django trusts X-Forwarded-Proto; SECURE_SSL_REDIRECT=0 where the proxy
# already redirects.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(
    os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes announces itself at every start; its warnings still show.
    "loggers": {"axes": {"level": "WARNING"}},
}

# The public address, scheme and host only (https://send.example.gov.uk).
# Every absolute link the portal gives out starts with it: feed ids and links,
# the sitemap, robots.txt, emails. Never the Host header of a request. The
# WSGI server refuses to start on the development address unless DEBUG is on,
# and `check --deploy` refuses an address that is not https (portal.checks).
DEVELOPMENT_SITE_URL = "http://127.0.0.1:8000"
SITE_URL = os.environ.get("SITE_URL") or DEVELOPMENT_SITE_URL

# How many proxies you run in front of the app (a TLS-terminating proxy, a
# load balancer): the client's address is read that many places from the
# right of X-Forwarded-For. 0 (the default) trusts no header: use it when
# nothing stands in front. Too high lets visitors choose their own address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

# The shared cache: sign-in lockouts and the share limit count here, so they
# hold across workers and servers. Django's database cache by default (a
# first run needs no other service; `manage.py createcachetable` makes its
# table), Redis when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {
            # Django's own Redis backend, reusing its client (core.cache).
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
        }
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    )
}

# Sessions: in the database, and with REDIS_URL read from Redis and written
# through to the database as well (cached_db). Redis keeps nothing on disk
# here, so sessions held only in it would end every half-done journey and
# every staff sign-in whenever it restarts; the database copy survives that,
# and `apply_retention` deletes expired ones from it either way.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

# Sign-in (staff admin and partner area), by django-axes: after
# SIGN_IN_ATTEMPTS failures for one username from one address, that pair is
# refused for SIGN_IN_LOCK_SECONDS. Keyed on the pair, so one address cannot
# lock everyone out, and the second factor stands behind any password guessed.
SIGN_IN_ATTEMPTS = int(os.environ.get("SIGN_IN_ATTEMPTS", "5"))
SIGN_IN_LOCK_SECONDS = int(os.environ.get("SIGN_IN_LOCK_SECONDS", "900"))
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_CACHE = "default"
AXES_FAILURE_LIMIT = SIGN_IN_ATTEMPTS
AXES_COOLOFF_TIME = timedelta(seconds=SIGN_IN_LOCK_SECONDS)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.addresses.client_address"
AXES_USERNAME_CALLABLE = "accounts.sign_in.username_from_request"
AXES_LOCKOUT_CALLABLE = "accounts.sign_in.locked_out_response"
AXES_CLIENT_STR_CALLABLE = "accounts.sign_in.client_description"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False

# Two factors for every staff and partner account (django-otp): an
# authenticator app, with one-time backup codes.
OTP_TOTP_ISSUER = SERVICE_NAME
TWO_FACTOR_BACKUP_CODES = 10

# Staff and partner sessions end after this long without a request, and this
# long in all, whatever they do. The cookie lives no longer than the session.
STAFF_SESSION_IDLE_SECONDS = int(os.environ.get("STAFF_SESSION_IDLE_SECONDS", "1800"))
STAFF_SESSION_MAX_SECONDS = int(os.environ.get("STAFF_SESSION_MAX_SECONDS", "43200"))
SESSION_COOKIE_AGE = STAFF_SESSION_MAX_SECONDS

# "Share your experience": spam protection without a CAPTCHA.
SHARE_MIN_SECONDS = int(os.environ.get("SHARE_MIN_SECONDS", "20"))
SHARE_RATE_LIMIT = int(os.environ.get("SHARE_RATE_LIMIT", "5"))
SHARE_RATE_WINDOW_SECONDS = int(os.environ.get("SHARE_RATE_WINDOW_SECONDS", "3600"))
# Wrong withdrawal codes (or email addresses) from one address before the
# withdrawal page stops checking any for the rest of the window.
WITHDRAW_ATTEMPT_LIMIT = int(os.environ.get("WITHDRAW_ATTEMPT_LIMIT", "10"))
WITHDRAW_ATTEMPT_WINDOW_SECONDS = int(
    os.environ.get("WITHDRAW_ATTEMPT_WINDOW_SECONDS", "3600")
)
# Email alerts' subscribe form: the same defences as the journey (a hidden
# field, a minimum time) and two limits, so that nobody can flood someone
# else's inbox: confirmation emails to one address, and subscribe forms sent
# from one client, each per window. Beyond either the page looks the same and
# nothing is sent.
ALERTS_MIN_SECONDS = int(os.environ.get("ALERTS_MIN_SECONDS", "3"))
ALERTS_EMAILS_PER_ADDRESS = int(os.environ.get("ALERTS_EMAILS_PER_ADDRESS", "3"))
ALERTS_ADDRESS_WINDOW_SECONDS = int(
    os.environ.get("ALERTS_ADDRESS_WINDOW_SECONDS", "86400")
)
ALERTS_SUBSCRIBES_PER_CLIENT = int(os.environ.get("ALERTS_SUBSCRIBES_PER_CLIENT", "10"))
ALERTS_CLIENT_WINDOW_SECONDS = int(
    os.environ.get("ALERTS_CLIENT_WINDOW_SECONDS", "3600")
)
# A journey left this long is forgotten: its answers go with the session
# (expired sessions are deleted by `manage.py apply_retention`).
SHARE_SESSION_SECONDS = int(os.environ.get("SHARE_SESSION_SECONDS", str(4 * 3600)))

# The retention schedule, in days (docs/data-protection.md; the privacy notice
# shows the same figures). Each can be set as RETENTION_<NAME>_DAYS, e.g.
# RETENTION_CONTACT_DETAILS_DAYS=365. `manage.py apply_retention` runs daily.
RETENTION_DEFAULTS = {
    # Email and phone, from when the experience was shared.
    "contact-details": 365,
    # What a person wrote, from the moderator's decision (the public version,
    # if published, stays).
    "original-text": 365,
    # The anonymised version of a declined experience, from the decision.
    "declined": 730,
    # Copies of emails sent (the outbox) and finished jobs.
    "emails": 90,
    # Spreadsheets of experiences prepared for staff, from when asked for.
    "exports": 7,
    # A consultation respondent's email address, kept only to send the
    # outcome: from closing, when no outcome has been published by then
    # (publishing erases it at once).
    "consultation-contact": 365,
    # Consultation answers in people's own words, from the outcome's
    # publication (quotable versions, published with it, stay).
    "consultation-text": 730,
    # An email alerts subscriber who never followed the confirmation link,
    # from when they asked (the link itself works for 7 days).
    "alerts-unconfirmed": 7,
    # Audit rows of every kind, including security events.
    "audit": 6 * 365,
}
RETENTION_DAYS = {
    key: int(os.environ.get(f"RETENTION_{key.upper().replace('-', '_')}_DAYS", default))
    for key, default in RETENTION_DEFAULTS.items()
}
