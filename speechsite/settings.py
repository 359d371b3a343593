"""Settings for Drafts: everything that differs between machines comes from the
environment, with safe defaults (DEBUG off, SQLite in the project folder)."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def env_float(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def env_pair(name: str) -> tuple[str, str] | None:
    """Return "A,B" from the environment as ("A", "B"), or None when unset."""
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    first, comma, second = (part.strip() for part in value.partition(","))
    if not (first and comma and second) or "," in second:
        raise ImproperlyConfigured(f"{name} takes two values: HEADER,value")
    return first, second


def local_secret_key() -> str:
    """Return a random key kept in the project folder, made on first use.

    A fresh machine then needs no configuration, and the key still survives
    restarts and is shared by every worker of one installation.
    """
    path = BASE_DIR / ".secret_key"
    try:
        # O_EXCL: when several processes start at once, one writes the key.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


DEBUG = env_bool("DEBUG")
SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key()

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",")
    if origin.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles: runserver leaves static files to WhiteNoise too, so
    # `make run` serves them as `make serve` does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drafts",
]

MIDDLEWARE = [
    # First, so that every answer, static files and redirects included, gets
    # a request id and one log line.
    "drafts.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "drafts.timeouts.RequestTimeoutMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "drafts.middleware.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "speechsite.urls"

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

WSGI_APPLICATION = "speechsite.wsgi.application"


def database_from_env() -> dict:
    """Return the default database: DATABASE_URL, or a local SQLite file.

    SQLite starts write transactions with IMMEDIATE so that concurrent writers
    queue on the busy timeout instead of failing with "database is locked".
    """
    default_url = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    config = dj_database_url.parse(
        os.environ.get("DATABASE_URL", default_url), conn_max_age=0
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA busy_timeout=20000;"
                "PRAGMA recursive_triggers=ON;"
            ),
        }
        config["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}
    else:
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "drafts",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

# Faults degrade, never fail -----------------------------------------------
# Redis only speeds pages up: while it is unreachable every read is a miss
# and every write is dropped (drafts.cache), so pages are computed instead,
# and DRF's throttles let requests through. A dead or hung Redis costs one
# short timeout per REDIS_RETRY_SECONDS in each process. Sessions stay in the
# database, not in the cache, so a Redis outage signs nobody out.
if os.environ.get("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "drafts.cache.ResilientRedisCache",
        "LOCATION": os.environ["REDIS_URL"],
        "OPTIONS": {
            "socket_connect_timeout": env_int("REDIS_TIMEOUT_MS", 250) / 1000,
            "socket_timeout": env_int("REDIS_TIMEOUT_MS", 250) / 1000,
            "RETRY_SECONDS": env_int("REDIS_RETRY_SECONDS", 5),
        },
    }
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# While PostgreSQL is away every request answers 503 with Retry-After
# (drafts.views.errors). A kept connection is health-checked before reuse
# and dropped after an error, so the workers recover without a restart; a
# server that accepts but never answers costs DATABASE_CONNECT_TIMEOUT.
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 0)
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5)
    )
# ---------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "drafts:speech_list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles"
# collectstatic writes hashed, compressed copies that WhiteNoise serves with
# far-future cache headers. Tests swap in plain storage (tests/conftest.py).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Uploads: the size limit is enforced while the body streams in (see
# drafts.uploads), and pasted text is bounded by the same figure.
DRAFTS_MAX_UPLOAD_BYTES = env_int("DRAFTS_MAX_UPLOAD_BYTES", 2 * 1024 * 1024)
# Characters of any revision's decoded text, whatever its source; a .docx
# body is counted while it is unpacked and reading stops at this figure.
DRAFTS_MAX_TEXT_CHARS = env_int("DRAFTS_MAX_TEXT_CHARS", 500_000)
DRAFTS_DOCX_MAX_UNZIPPED_BYTES = env_int(
    "DRAFTS_DOCX_MAX_UNZIPPED_BYTES", 100 * 1024 * 1024
)
DRAFTS_DOCX_MAX_RATIO = env_int("DRAFTS_DOCX_MAX_RATIO", 100)
DRAFTS_CHARS_PER_MINUTE = env_int("DRAFTS_CHARS_PER_MINUTE", 220)

# Email notifications: printed on the console unless an SMTP server is named.
# Links in them start with DRAFTS_SITE_URL.
DRAFTS_SITE_URL = os.environ.get("DRAFTS_SITE_URL", "http://127.0.0.1:8000")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "讲稿版本库 <drafts@localhost>"
)
FILE_UPLOAD_HANDLERS = [
    "drafts.uploads.SizeLimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = DRAFTS_MAX_UPLOAD_BYTES + 64 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 10

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "drafts.api_parsers.DepthLimitedJSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
    "EXCEPTION_HANDLER": "drafts.api_errors.error_handler",
    "UNAUTHENTICATED_USER": None,
}

# Security headers. With DEBUG off everything assumes HTTPS: redirect, HSTS
# and secure cookies. HTTPS=0 turns all three off for a plain-HTTP trial.
HTTPS = env_bool("HTTPS", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
# Load balancers probe the application directly, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
# Behind a proxy that terminates TLS, e.g. "HTTP_X_FORWARDED_PROTO,https":
# only set it when that proxy always sets (or strips) the header.
SECURE_PROXY_SSL_HEADER = env_pair("SECURE_PROXY_SSL_HEADER")
# security.W021: joining the browsers' HSTS preload list binds the whole
# registrable domain and cannot be undone quickly; the site's owner decides,
# with SECURE_HSTS_PRELOAD=1.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

# A request still running after DRAFTS_REQUEST_TIMEOUT seconds is cut by the
# application (drafts.timeouts), early enough before gunicorn kills the worker
# (gunicorn.conf.py reads the same GUNICORN_TIMEOUT) for the 503 page to go
# out. 0 turns either off.
GUNICORN_TIMEOUT = env_int("GUNICORN_TIMEOUT", 30)
DRAFTS_REQUEST_TIMEOUT = env_float(
    "DRAFTS_REQUEST_TIMEOUT", max(GUNICORN_TIMEOUT - 5, GUNICORN_TIMEOUT / 2)
)

# One line per request, from drafts.request_log, on stdout: JSON lines with
# DEBUG off, plain text under `make run`. Django's own console handler and the
# runserver request lines are left out: they printed every line twice.
LOG_FORMAT = os.environ.get("LOG_FORMAT") or ("text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("LOG_FORMAT is json or text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "drafts.request_log.RequestIdFilter"},
        "no_runserver_request_lines": {
            "()": "drafts.request_log.RunserverRequestLineFilter"
        },
    },
    "formatters": {
        "json": {"()": "drafts.jsonlog.JsonFormatter"},
        "text": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    # Warnings and errors from anywhere; the request lines are "drafts" INFO.
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "drafts": {"level": "INFO"},
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # 4xx answers are already in the request line; errors still show.
        "django.request": {"level": "ERROR"},
        "django.server": {
            "handlers": [],
            "filters": ["no_runserver_request_lines"],
            "propagate": True,
        },
    },
}

# Password-guessing protection ---------------------------------------------
# django-axes counts failed logins per account on every path that calls
# authenticate() (the login form, the admin login, /api/token/) and refuses
# the account, even with the right password, until the cool-off has passed.
# Counting by account rather than by address keeps colleagues behind the same
# proxy out of a lockout that someone else caused.
INSTALLED_APPS += ["axes"]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Last, so that it turns the lockout flag into the answer after every other
# middleware has had its say.
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
# 0 minutes: locked until an administrator unlocks the account (to axes, a
# zero cool-off would mean no lockout at all).
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30)) or None
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address in that key, which would lock out everyone
# behind the proxy with the account. Guesses spread over many accounts from
# one address are left to the API throttle and to the front proxy.
SILENCED_SYSTEM_CHECKS += ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# A refused try during the lockout does not restart it, so the time the
# lockout page names stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "drafts.lockout.lockout_response"

# API rates per client (anonymous: by address; signed in: by account). The
# token endpoint takes passwords, so it has a tighter scope of its own.
# DRF trusts X-Forwarded-For only for the number of proxies named here.
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = [
    "rest_framework.throttling.AnonRateThrottle",
    "rest_framework.throttling.UserRateThrottle",
]
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "anon": os.environ.get("API_THROTTLE_ANON", "60/minute"),
    "user": os.environ.get("API_THROTTLE_USER", "1200/minute"),
    "token": os.environ.get("API_THROTTLE_TOKEN", "20/minute"),
}
REST_FRAMEWORK["NUM_PROXIES"] = env_int("API_NUM_PROXIES", 0)
