"""modelbank settings, read from the environment with safe development defaults.

Environment: DATABASE_URL, REDIS_URL, SECRET_KEY, MODELBANK_ENCRYPTION_KEYS, DEBUG,
ALLOWED_HOSTS, CELERY_BROKER_URL (defaults to REDIS_URL).
"""

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MODELBANK_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _dev_secret(filename: str, make) -> str:
    """A per-checkout secret under var/, created on first run and never committed."""
    path = VAR_DIR / filename
    if not path.exists():
        path.write_text(make())
        path.chmod(0o600)
    return path.read_text().strip()


def _new_fernet_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode()


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY") or _dev_secret("secret_key", lambda: secrets.token_urlsafe(50))
# Newest key first; older keys stay to decrypt values until `rotate_encryption_keys` runs.
MODELBANK_ENCRYPTION_KEYS = [
    key.strip()
    for key in (os.environ.get("MODELBANK_ENCRYPTION_KEYS") or _dev_secret("encryption.key", _new_fernet_key)).split(",")
    if key.strip()
]
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "http://127.0.0.1:8000,http://localhost:8000").split(",")
]

INSTALLED_APPS = [
    "modelbank.common.admin_site.ModelbankAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and ReDoc as local static files: the docs work offline
    "modelbank.common",
    "modelbank.accounts",
    "modelbank.catalog",
    "modelbank.credits",
    "modelbank.preferences",
    "modelbank.ai",
    "modelbank.gateway",
    "modelbank.webui",
]

MIDDLEWARE = [
    "modelbank.common.request_id.RequestIdMiddleware",
    "modelbank.ops.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "modelbank.common.middleware.RefuseUnstorableUrlMiddleware",  # %00 in a path or query: a 400, not a 500
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]


def _database_config() -> dict:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'modelbank.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # IMMEDIATE takes the write lock at BEGIN, so two ledger writers never deadlock
        # on a lock upgrade; WAL lets readers run beside the single writer.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    return config


DATABASES = {"default": _database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
WEB_DIST_DIR = BASE_DIR / "web" / "dist"
# The built web UI (web/dist/app/...) is served at /app/... by WhiteNoise; Vite's hashed assets are cached forever.
WHITENOISE_ROOT = WEB_DIST_DIR
WHITENOISE_IMMUTABLE_FILE_TEST = r"^/app/assets/.+-[\w-]{8,}\.\w+$"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGIN_URL = "/admin/login/"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "modelbank.accounts.authentication.BearerTokenAuthentication",
        "modelbank.accounts.authentication.AccountSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "modelbank.common.schema.ModelbankAutoSchema",
    "EXCEPTION_HANDLER": "modelbank.common.exceptions.api_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "modelbank.common.pagination.StandardPagination",
    # DRF's parsers, refusing NUL, lone surrogates and deep nesting with a 400 (common.parsers).
    "DEFAULT_PARSER_CLASSES": [
        "modelbank.common.parsers.JSONParser",
        "modelbank.common.parsers.FormParser",
        "modelbank.common.parsers.MultiPartParser",
    ],
    # X-Forwarded-For is trusted only from this many proxies in front of us (login throttling per IP).
    "NUM_PROXIES": int(os.environ.get("MODELBANK_TRUSTED_PROXIES", "0")),
    "PAGE_SIZE": 25,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "modelbank API",
    "DESCRIPTION": (
        "AI model catalog, provider vault, layered settings, AI jobs and the credit ledger. Errors share one "
        'shape, {"error": {"code", "message", ...}}. Text may not contain NUL characters (PostgreSQL cannot '
        "store them): such input is a 400."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # /api/docs/ and /api/redoc/ load their scripts from our static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Swagger UI would send the schema's URL to validator.swagger.io for a badge: keep it local.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": "none"},
    "COMPONENT_SPLIT_REQUEST": True,
    # The API is documented as JSON only; DRF still parses form posts, which no client of ours sends.
    "PARSER_WHITELIST": ["rest_framework.parsers.JSONParser"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "modelbank.preferences.api.schema.expand_settings_paths",  # one path per settings key
        "modelbank.catalog.api_schema.expand_provider_paths",  # one path per provider with its own config keys
    ],
}

# Celery: with no broker configured, AI jobs run on a background thread in the server.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
# The queue tasks go to when none is named (beat's sweeps, and AI jobs unless MODELBANK_AI_QUEUE).
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# How often expired holds are freed and stalled jobs failed: by Celery beat, or without a broker by
# a sweeper thread in every server process (MODELBANK_SWEEPERS=auto|on|off; auto: with the thread runner).
MODELBANK_HOLD_SWEEP_SECONDS = float(os.environ.get("MODELBANK_HOLD_SWEEP_SECONDS", "60"))
MODELBANK_JOB_SWEEP_SECONDS = float(os.environ.get("MODELBANK_JOB_SWEEP_SECONDS", "30"))
MODELBANK_SWEEPERS = os.environ.get("MODELBANK_SWEEPERS", "auto")
CELERY_BEAT_SCHEDULE = {
    "release-expired-holds": {"task": "modelbank.credits.tasks.release_expired_holds",
                              "schedule": MODELBANK_HOLD_SWEEP_SECONDS},
    "fail-stale-jobs": {"task": "modelbank.ai.tasks.fail_stale_jobs", "schedule": MODELBANK_JOB_SWEEP_SECONDS},
    "expire-idempotency-keys": {"task": "modelbank.gateway.tasks.expire_idempotency_keys", "schedule": 3600},
}

# AI jobs: "celery" when a broker is configured, else "thread" (a pool inside the server); "eager" runs in the request.
MODELBANK_JOB_RUNNER = os.environ.get("MODELBANK_JOB_RUNNER", "")  # empty: "celery" with a broker, else "thread"
MODELBANK_JOB_THREADS = int(os.environ.get("MODELBANK_JOB_THREADS", "4"))
MODELBANK_AI_QUEUE = os.environ.get("MODELBANK_AI_QUEUE", "")  # empty: Celery's default queue, which `make worker` consumes
MODELBANK_AI_TIMEOUT_SECONDS = float(os.environ.get("MODELBANK_AI_TIMEOUT_SECONDS", "60"))
# A gateway chat call without max_tokens may write up to the model's own limit; this is the limit
# for a model whose catalog entry has none.
MODELBANK_GATEWAY_DEFAULT_MAX_TOKENS = int(os.environ.get("MODELBANK_GATEWAY_DEFAULT_MAX_TOKENS", "4096"))
# How long the gateway keeps the answer of a call made with an Idempotency-Key (a retry within it replays).
MODELBANK_IDEMPOTENCY_TTL_SECONDS = int(os.environ.get("MODELBANK_IDEMPOTENCY_TTL_SECONDS", "86400"))
MODELBANK_AI_MAX_RETRIES = int(os.environ.get("MODELBANK_AI_MAX_RETRIES", "2"))
# A queued or running job that has not moved for this long is failed as stalled (its runner died).
MODELBANK_JOB_STALE_MINUTES = int(os.environ.get("MODELBANK_JOB_STALE_MINUTES", "30"))
# The process holding a job beats every HEARTBEAT seconds; a job whose beats stopped (and which
# made no progress) for HEARTBEAT_TIMEOUT is failed at once, however long ago it started.
MODELBANK_JOB_HEARTBEAT_SECONDS = float(os.environ.get("MODELBANK_JOB_HEARTBEAT_SECONDS", "10"))
MODELBANK_JOB_HEARTBEAT_TIMEOUT_SECONDS = float(os.environ.get("MODELBANK_JOB_HEARTBEAT_TIMEOUT_SECONDS", "90"))

# How long a credit hold lives before the sweeper frees it (a slow image call must not lose it).
CREDITS_HOLD_EXPIRY_SECONDS = int(os.environ.get("CREDITS_HOLD_EXPIRY_SECONDS", "900"))
# The most credits one grant, adjustment, purchase, refund, charge or hold may move (larger: a
# 400). Far inside the balance column (BIGINT); a credit that would overflow a balance is a 400 too.
CREDITS_MAX_PER_OPERATION = int(os.environ.get("CREDITS_MAX_PER_OPERATION", "1000000000"))
# Low-balance alerts (Account.low_balance_threshold) are emailed through the `resend` provider from this
# address ("Name <alerts@example.com>", a domain verified at Resend); empty: no alert can be sent (logged).
MODELBANK_ALERT_FROM = os.environ.get("MODELBANK_ALERT_FROM", "")
# "thread": sent by a background thread of the process that charged (never delays the call that crossed
# the threshold); "inline": in the charging thread, right after the commit (tests and scripts).
MODELBANK_ALERT_DELIVERY = os.environ.get("MODELBANK_ALERT_DELIVERY", "thread")

# Request bodies nested deeper than this (objects and arrays) are a 400, not a RecursionError.
MODELBANK_JSON_MAX_DEPTH = int(os.environ.get("MODELBANK_JSON_MAX_DEPTH", "32"))
# Login attempts (POST /api/v1/auth/login/), counted in the cache: "N/s|min|hour|day"; empty: no limit.
MODELBANK_LOGIN_RATE_PER_IP = os.environ.get("MODELBANK_LOGIN_RATE_PER_IP", "20/min")
MODELBANK_LOGIN_RATE_PER_EMAIL = os.environ.get("MODELBANK_LOGIN_RATE_PER_EMAIL", "5/min")

# How long a registry process trusts its cached catalog before re-reading the version stamp.
CATALOG_CACHE_CHECK_SECONDS = float(os.environ.get("CATALOG_CACHE_CHECK_SECONDS", "0.5"))

# /metrics (Prometheus): off unless MODELBANK_METRICS is on; a token, when set, must be sent as a bearer.
MODELBANK_METRICS = env_bool("MODELBANK_METRICS", False)
MODELBANK_METRICS_TOKEN = os.environ.get("MODELBANK_METRICS_TOKEN", "")
# MODELBANK_LOG_FORMAT=json: one JSON object per line; either way each line has its request id.
MODELBANK_LOG_FORMAT = os.environ.get("MODELBANK_LOG_FORMAT", "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "modelbank.common.logging.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "modelbank.common.logging.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"],
                             "formatter": "json" if MODELBANK_LOG_FORMAT == "json" else "text"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
