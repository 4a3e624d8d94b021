"""Settings for the budget-transparency site.

One file, read from the environment, with development defaults. In production (``DEBUG=0``)
the site refuses to start without a ``SECRET_KEY``.

Environment:
    DEBUG                     1 (default) for development, 0 in production
    SECRET_KEY                required when DEBUG=0
    ALLOWED_HOSTS             comma-separated; defaults to localhost in development
    DATABASE_URL              defaults to the SQLite file db.sqlite3; postgres://… for PostgreSQL
    MEDIA_ROOT, STATIC_ROOT   where uploaded PDFs and collected static files live
    TASKS_BACKEND             "immediate" (default: run in the request) or "database" (django-tasks-db)
    DISCLOSURE_MAX_UPLOAD_MB  largest PDF accepted, default 50
    DISCLOSURE_MAX_PAGES      most pages parsed in one PDF, default 500
    DISCLOSURE_PARSE_SECONDS  wall-clock limit of one parse, default 120
    DISCLOSURE_PARSE_MEMORY_MB  address-space limit of one parse, default 1536 (1.5 GiB)
    SECURE_SSL_REDIRECT       production default 1; set 0 when a proxy in front does the redirect
    SECURE_PROXY_SSL_HEADER   set to 1 behind a proxy that sends X-Forwarded-Proto
    CACHE_URL                 where rendered public pages are kept: locmem:// (default), file:///PATH,
                              db://TABLE, redis://HOST:PORT/DB, memcached://HOST:PORT, dummy://
    PAGE_CACHE_SECONDS        how long a rendered page is kept, default 600
    PAGE_CACHE_ENTRIES        most pages kept per local-memory/file/db cache, default 300
    PAGE_CACHE_RECHECK_SECONDS  how long a process trusts the data's version, default 2 (0 with DEBUG)
    PAGE_CACHE_MAX_BYTES      largest streamed response (CSV) kept, default 512 KiB
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name, "")
    return [item.strip() for item in value.split(",") if item.strip()] or default


DEBUG = env_flag("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-never-use-this-key-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "django_tables2",
    # Always installed so its table exists whichever backend runs the tasks.
    "django_tasks_db",
    "disclosures",
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

ROOT_URLCONF = "transparency.urls"

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

WSGI_APPLICATION = "transparency.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_from_url(url: str) -> dict:
    """One CACHES entry from a URL: locmem://, file:///PATH, db://TABLE, redis://HOST:PORT/DB,
    memcached://HOST:PORT, dummy:// (no caching)."""
    scheme, _, rest = url.partition("://")
    backends = {
        "locmem": ("django.core.cache.backends.locmem.LocMemCache", rest or "pages"),
        "file": ("django.core.cache.backends.filebased.FileBasedCache", rest),
        "db": ("django.core.cache.backends.db.DatabaseCache", rest or "page_cache"),
        "redis": ("django.core.cache.backends.redis.RedisCache", url),
        "rediss": ("django.core.cache.backends.redis.RedisCache", url),
        "memcached": ("django.core.cache.backends.memcached.PyMemcacheCache", rest),
        "dummy": ("django.core.cache.backends.dummy.DummyCache", ""),
    }
    if scheme not in backends or (scheme == "file" and not rest):
        raise ImproperlyConfigured(f"CACHE_URL must be one of {', '.join(backends)}://…, not {url!r}.")
    backend, location = backends[scheme]
    return {
        "BACKEND": backend,
        "LOCATION": location,
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "300"))}
        if scheme in ("locmem", "file", "db")
        else {},
    }


# The public pages are cached (disclosures/caching.py) under keys that change with the published
# data, so a per-process local-memory cache stays correct under several gunicorn workers (each
# only renders a page once per state of the data); CACHE_URL=file:///var/cache/… or redis://…
# shares the rendered pages between workers and machines.
CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", "locmem://"))}
# How long a rendered page is kept: also the longest a department renamed by hand in the admin
# shows its old name to anonymous visitors (the data's version does not see that edit).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# How long a process trusts the data's version before asking the database again (one small
# query): in production a cached page then costs no query, and an ingest shows within this many
# seconds; in development (and the tests) every request asks.
PAGE_CACHE_RECHECK_SECONDS = float(os.environ.get("PAGE_CACHE_RECHECK_SECONDS", "0" if DEBUG else "2"))
# Larger streamed responses (big CSV exports) are not kept, only revalidated.
PAGE_CACHE_MAX_BYTES = int(os.environ.get("PAGE_CACHE_MAX_BYTES", str(512 * 1024)))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploaded disclosures: the admin form and the ingest service both enforce these.
DISCLOSURE_MAX_UPLOAD_MB = int(os.environ.get("DISCLOSURE_MAX_UPLOAD_MB", "50"))
DISCLOSURE_MAX_PAGES = int(os.environ.get("DISCLOSURE_MAX_PAGES", "500"))
# Every ingest parses in a child process (disclosures/isolation.py) killed past these limits: a
# file that would take longer, or more memory, is refused with a message saying which.
DISCLOSURE_PARSE_SECONDS = float(os.environ.get("DISCLOSURE_PARSE_SECONDS", "120"))
DISCLOSURE_PARSE_MEMORY_MB = int(os.environ.get("DISCLOSURE_PARSE_MEMORY_MB", "1536"))

# Parsing runs as a django.tasks task: in the request by default, by `manage.py db_worker` when
# TASKS_BACKEND=database.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate")
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be 'immediate' or 'database', not {TASKS_BACKEND!r}.")

DJANGO_TABLES2_TEMPLATE = "django_tables2/table.html"

# Production security; every one of these is what `check --deploy` asks for.
if not DEBUG:
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
    if env_flag("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"disclosures": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")}},
}
