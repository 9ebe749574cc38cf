"""Django settings for menkyo.

Configuration comes from the environment (see docs/operations.md):

- ``DATABASE_URL``: database; SQLite file ``var/menkyo.sqlite3`` by default.
- ``MENKYO_SECRET_KEY``: Django secret; a development key is read from
  ``var/keys/django-secret`` (created by ``make setup``) when unset.
- ``MENKYO_DEBUG``: ``1`` to enable debug pages (never in production).
- ``MENKYO_VAR``: directory for runtime state (database, keys), default ``./var``.
- ``MENKYO_INQUIRY_RATE_LIMITS``: JSON, e.g. ``{"device": [120, 60]}`` (inquiries per seconds).
- ``MENKYO_SERVER_TIMING``: ``1`` adds a ``Server-Timing`` header to every answer (benchmarks).
- ``MENKYO_REPLICA_DATABASE_URL``: a PostgreSQL streaming replica of ``DATABASE_URL``;
  inquiry searches read there (:mod:`menkyo.core.db_router`), everything else uses the primary.
- ``MENKYO_PG_PREPARE``: ``0`` turns off prepared statements for the inquiry's hot path
  (:func:`menkyo.core.sql.cursor`); needed behind a transaction-pooling connection pooler.
"""

import json
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("MENKYO_VAR", Path.cwd() / "var")).resolve()
KEYS_DIR = VAR_DIR / "keys"


# Published in this repository: good only until `menkyo keys init` made a real one. The server
# refuses to start with it outside debug mode (menkyo.web.startup).
INSECURE_SECRET_KEY = "insecure-development-key-run-make-setup"


def _secret_key() -> str:
    key = os.environ.get("MENKYO_SECRET_KEY")
    if key:
        return key
    path = KEYS_DIR / "django-secret"
    if path.exists():
        return path.read_text().strip()
    # Only reached before `make setup` created the key (e.g. `menkyo keys init` itself).
    return INSECURE_SECRET_KEY


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("MENKYO_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ.get("MENKYO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    # Before django.contrib.auth: its changepassword and createsuperuser commands are menkyo's own.
    "menkyo.accounts",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_htmx",
    "ninja",  # serves Swagger UI from its own static files, not a CDN
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "menkyo.core",
    "menkyo.audit",
    "menkyo.judgement",
    "menkyo.gaiji",
    "menkyo.documents",
    "menkyo.registry",
    "menkyo.violations",
    "menkyo.alerts",
    "menkyo.inquiry",
    "menkyo.oversight",
    "menkyo.counter",
    "menkyo.exams",
    "menkyo.cards",
    "menkyo.driving_history",
    "menkyo.notices",
    "menkyo.dispositions",
    "menkyo.web",
    "menkyo.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "menkyo.core.middleware.RequestIdMiddleware",
    "menkyo.core.middleware.SecurityHeadersMiddleware",
    "menkyo.accounts.middleware.SecondFactorMiddleware",
    "menkyo.api.middleware.ApiErrorMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Benchmarks (bench/inquiry): each answer says how long the application took.
if os.environ.get("MENKYO_SERVER_TIMING") == "1":
    MIDDLEWARE.insert(0, "menkyo.core.middleware.ServerTimingMiddleware")

ROOT_URLCONF = "menkyo.urls"
WSGI_APPLICATION = "menkyo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "menkyo.web.navigation.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'menkyo.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# Inquiry reads on a streaming replica (menkyo.core.db_router, docs/adr/0010-scale.md). In test
# runs the alias mirrors the test database: the replica proof runs on real servers (make test-replica).
if os.environ.get("MENKYO_REPLICA_DATABASE_URL"):
    DATABASES["replica"] = dj_database_url.parse(os.environ["MENKYO_REPLICA_DATABASE_URL"], conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["menkyo.core.db_router.ReplicaRouter"]
# The inquiry's hot statements are prepared on PostgreSQL (server-side binding, menkyo.core.sql.cursor,
# docs/adr/0012-inquiry-hot-path.md); 0 behind a transaction-pooling pooler (PgBouncer pool_mode=transaction).
MENKYO_PG_PREPARE = os.environ.get("MENKYO_PG_PREPARE", "1") != "0"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background work: django-tasks with its database backend; `menkyo worker` runs it (ADR 0007).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

AUTH_USER_MODEL = "accounts.Operator"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:dashboard"

# Sessions end after 30 minutes without a request, and at browser close.
SESSION_COOKIE_AGE = int(os.environ.get("MENKYO_SESSION_SECONDS", "1800"))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SAMESITE = "Strict"
HTTPS = os.environ.get("MENKYO_HTTPS", "0") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
# Behind the TLS proxy (docs/operations.md §6): HSTS for a year, and trust its X-Forwarded-Proto.
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "menkyo.web.errors.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Lock-out: 5 failed logins lock the account+address pair for 30 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("MENKYO_AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "menkyo.accounts.views.locked_out"

OTP_TOTP_ISSUER = "menkyo"

LANGUAGE_CODE = "ja"
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Static files are served by WhiteNoise straight from the app directories (no collectstatic).
WHITENOISE_USE_FINDERS = True

# Personal data never goes to logs: only request ids and event ids are logged, and every
# message passes through RedactPaths (digits in URL paths masked, query strings dropped).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_paths": {"()": "menkyo.core.logging.RedactPaths"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_paths"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("MENKYO_LOG_LEVEL", "WARNING")},
    "loggers": {
        # Django's own request loggers have handlers of their own; send them through ours.
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Inquiry rate limits, {"operator": [count, seconds], "device": [count, seconds]} as JSON
# (default menkyo.inquiry.services.RATE_LIMITS: 30 and 120 a minute). bench/inquiry raises them.
if os.environ.get("MENKYO_INQUIRY_RATE_LIMITS"):
    MENKYO_INQUIRY_RATE_LIMITS = {kind: tuple(limit) for kind, limit in
                                  json.loads(os.environ["MENKYO_INQUIRY_RATE_LIMITS"]).items()}

MENKYO = {
    # Ed25519 key that signs audit checkpoints (created by `menkyo keys init`).
    "AUDIT_SIGNING_KEY": Path(os.environ.get("MENKYO_AUDIT_KEY", KEYS_DIR / "audit-signing.pem")),
    # A signed checkpoint is due after this many unsigned audit events …
    "AUDIT_CHECKPOINT_EVERY": int(os.environ.get("MENKYO_AUDIT_CHECKPOINT_EVERY", "100")),
    # … or at the first event after this many minutes (cron signs a quiet system's tail).
    "AUDIT_CHECKPOINT_MINUTES": int(os.environ.get("MENKYO_AUDIT_CHECKPOINT_MINUTES", "5")),
    # Each checkpoint is appended here after it commits; ship this file off the server.
    "AUDIT_CHECKPOINT_COPY": Path(os.environ.get("MENKYO_AUDIT_CHECKPOINT_COPY",
                                                 VAR_DIR / "audit-checkpoints.jsonl")),
    # The 更新連絡書 batches write their PDF parts and mail files here (names and addresses: 0700).
    "NOTICES_DIR": Path(os.environ.get("MENKYO_NOTICES_DIR", VAR_DIR / "notices")),
}

# Deadlines at risk (ADR 0016 part 7): the daily `menkyo dispositions deadlines` raises into the office's
# inbox every dispositions deadline due within this many days (the overdue ones too).
MENKYO["DEADLINE_NOTICE_DAYS"] = int(os.environ.get("MENKYO_DEADLINE_NOTICE_DAYS", "3"))
