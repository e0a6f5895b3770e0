"""firmops settings: one module, every production difference from an environment variable (.env.example)."""

import re
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.http.request import split_domain_port, validate_host

from firmops.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("FIRMOPS_VAR_DIR", str(BASE_DIR / "var")))

INSECURE_SECRET_KEY = "insecure-dev-key-do-not-use-in-production"
# The embedded default (`make run`) is a development machine; production sets DEBUG=0 explicitly.
DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", INSECURE_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

if not DEBUG:
    if SECRET_KEY == INSECURE_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "DEBUG is off: set SECRET_KEY to a random value of at least 32 characters."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DEBUG is off: set ALLOWED_HOSTS to the host names this site answers to.")

# Every emailed link starts with SITE_URL (the mail is sent by a worker, with no request to ask).
# `make run` sets it from HOST and PORT; production must name its own address.
DEV_SITE_URL = "http://localhost:8000"
SITE_URL = env_str("SITE_URL", DEV_SITE_URL).strip().rstrip("/")
_site = urlsplit(SITE_URL)
if _site.scheme not in ("http", "https") or not _site.hostname:
    raise ImproperlyConfigured(
        f"SITE_URL={SITE_URL!r} is not a web address: give scheme and host, e.g. https://firmops.example.com."
    )
if not DEBUG:
    if SITE_URL == DEV_SITE_URL:
        raise ImproperlyConfigured(
            "DEBUG is off: set SITE_URL to the address people open firmops at (e.g. "
            "https://firmops.example.com); emailed links start with it."
        )
    # The host as Django will read it from the link's request (IPv6 keeps its brackets).
    if not validate_host(split_domain_port(_site.netloc)[0], ALLOWED_HOSTS):
        raise ImproperlyConfigured(
            f"SITE_URL={SITE_URL!r} names a host ALLOWED_HOSTS does not list: emailed links would be refused."
        )

# The cross-firm back office (firmops/admin_site.py: a 404 for all but staff) can live elsewhere.
ADMIN_PATH = env_str("ADMIN_PATH", "admin").strip().strip("/") + "/"
if not re.fullmatch(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*/", ADMIN_PATH):
    raise ImproperlyConfigured(
        f"ADMIN_PATH={ADMIN_PATH.rstrip('/')!r} is not a URL path: use letters, digits, - and _, "
        "with / between parts, e.g. back-office/7f3a."
    )

INSTALLED_APPS = [
    "firmops.admin_site.StaffOnlyAdminConfig",  # django.contrib.admin, for staff only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "firmops",
    "audit",
    "providers",
    "onboarding",
    "performance",
    "bench",  # the top floor: load data for `make bench` (manage.py generate_load_data); no models
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
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "firmops.tenancy.middleware.FirmMiddleware",
    # NUL bytes, oversized text bodies, non-form page posts; after the firm check, so a request
    # without valid credentials is refused as such (401/404) whatever its body holds.
    "firmops.tenancy.request_guard.RequestGuardMiddleware",
]

ROOT_URLCONF = "firmops.urls"
WSGI_APPLICATION = "firmops.wsgi.application"
AUTH_USER_MODEL = "firmops.User"

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
                "firmops.context_processors.firm",
            ],
        },
    },
]

# --- Database: SQLite by default, PostgreSQL (row-level security on) when DATABASE_URL says so.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'firmops.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Web and worker share the file; wait for the lock rather than fail.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
# Two PostgreSQL roles (firmops.tenancy.dbroles): `migrate` runs as the owner of every table; the app's own
# role only reads and writes rows, so it can neither lift row-level security nor rewrite the trail.
# Only the user and password of DATABASE_OWNER_URL are used: it is the same database.
DATABASE_ROLES = None
if env_str("DATABASE_OWNER_URL", "") and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    _owner = dj_database_url.parse(env_str("DATABASE_OWNER_URL", ""))
    DATABASE_ROLES = {
        "owner": {"USER": _owner["USER"], "PASSWORD": _owner["PASSWORD"]},
        "app": {"USER": DATABASES["default"]["USER"], "PASSWORD": DATABASES["default"]["PASSWORD"]},
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, broker: Redis when REDIS_URL is set, otherwise nothing to install.
# Sessions stay in the database alone (not cached_db): with the cache down, cached_db answers every
# page with an error, and a sign-out during an outage could leave a live copy in Redis.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Layout fragments whose every input is in their key (firmops.templatetags.layout_tags): each
# process keeps its own, as there is nothing another process could change under them.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "firmops-fragments",
    "OPTIONS": {"MAX_ENTRIES": 2000},  # under 1 kB each: ≤ 2 MB a worker
}

CELERY_BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_URL = REDIS_URL or "filesystem://"
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {"visibility_timeout": 3600}
    if REDIS_URL
    else {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),  # default is ./control in the working directory
        "store_processed": False,
        "polling_interval": 0.1,
    }
)
CELERY_TASK_IGNORE_RESULT = True  # job status lives in our own tables, which pages poll
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# PDF renders run in a child process killed after this many seconds (firmops/pdf/render.py); the PDF
# tasks' own Celery limits sit just above it (onboarding/tasks.py, performance/tasks.py).
PDF_RENDER_TIMEOUT = env_int("PDF_RENDER_TIMEOUT", 60)
PDF_RENDER_MEMORY_MB = env_int("PDF_RENDER_MEMORY_MB", 2048)
CELERY_TASK_ACKS_LATE = True
# A worker process killed mid-task (OOM, SIGKILL) puts its message back, so the task runs again;
# every task is safe to run twice (docs/security.md, "Nothing lost").
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None  # a worker outlives a broker outage instead of exiting
CELERY_WORKER_CONSUMER = "firmops.celery:PromptConsumer"
# The sweepers that deliver what the broker lost: the reminder/email relay's period, and how long
# a pack export may sit queued before it is enqueued again.
RELAY_SECONDS = env_int("FIRMOPS_RELAY_SECONDS", 30)
EXPORT_REQUEUE_AFTER = env_int("FIRMOPS_EXPORT_REQUEUE_AFTER", 120)
# A firm's own data (firmops/ownership): how long a partner's export stays downloadable, and how long a
# scheduled deletion waits for a partner to cancel it.
FIRM_EXPORT_DAYS = env_int("FIRMOPS_EXPORT_DAYS", 7)
FIRM_DELETION_GRACE_DAYS = env_int("FIRMOPS_DELETION_GRACE_DAYS", 30)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "send-due-reminders": {"task": "firmops.tasks.send_due_reminders", "schedule": float(RELAY_SECONDS)},
    "requeue-stale-exports": {
        "task": "onboarding.tasks.requeue_stale_exports",
        "schedule": float(RELAY_SECONDS),
    },
    "sweep-firm-exports": {"task": "firmops.tasks.sweep_firm_exports", "schedule": float(RELAY_SECONDS)},
    "run-due-firm-deletions": {
        "task": "firmops.tasks.run_due_firm_deletions",
        "schedule": crontab(minute=20),
    },
    "requeue-stale-imports": {"task": "audit.tasks.requeue_stale_imports", "schedule": float(RELAY_SECONDS)},
    "plan-daily-reminders": {"task": "firmops.tasks.plan_reminders", "schedule": crontab(minute="*/15")},
    "performance-scaling-signals": {
        "task": "performance.tasks.evaluate_scaling_signals",
        "schedule": crontab(hour=11, minute=0),
    },
    "performance-weekly-reports": {
        "task": "performance.tasks.send_weekly_reports",
        "schedule": crontab(minute=5),
    },
}

# --- Files: local media, or S3-compatible storage when a bucket is named.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Evidence documents (NDA, insurance certificates...): the largest file a firm or provider may upload.
EVIDENCE_MAX_MB = env_int("EVIDENCE_MAX_MB", 10)
AWS_STORAGE_BUCKET_NAME = env_str("S3_BUCKET", "")
STORAGES = {
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": AWS_STORAGE_BUCKET_NAME,
                "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
                "access_key": env_str("S3_ACCESS_KEY", ""),
                "secret_key": env_str("S3_SECRET_KEY", ""),
                "default_acl": "private",
                "querystring_auth": True,
            },
        }
        if AWS_STORAGE_BUCKET_NAME
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Mail: readable console output by default (firmops/messaging/console_mail.py), SMTP in production.
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "firmops.messaging.console_mail.EmailBackend")
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
# Where that backend also writes each email's recipients, subject and links; `make run` sets it for
# the worker, whose own output goes to var/worker.log, and shows the file in its terminal.
EMAIL_SUMMARY_FILE = env_str("EMAIL_SUMMARY_FILE", "")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "firmops <no-reply@firmops.test>")

# --- Accounts (django-allauth): email login, verified addresses, TOTP MFA, rate-limited login.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/key,20/5m/ip", "login": "30/m/ip"}
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_ADAPTER = "firmops.adapters.AccountAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "firmops"
LOGIN_REDIRECT_URL = "home"
LOGIN_URL = "account_login"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
INVITATION_DAYS = env_int("INVITATION_DAYS", 7)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- API
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "firmops.api.pagination.FirmPagination",  # bounded limit/offset
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "firmops API",
    "DESCRIPTION": "Audit, vetting, onboarding and performance of a law firm's outsourcing engagement.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Signed-in people only (docs/security.md §10): the API takes sessions alone, so nobody else can
    # call what it describes, and each answer costs ~0.3 s of a worker for ~300 kB.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "firmops.api.schema.document_refusals",  # 400/401/403/404 (+413/415 with a body) everywhere
    ],
    "ENUM_NAME_OVERRIDES": {
        "StageEnum": "firmops.models.engagements.Stage",
        "RoleEnum": "firmops.models.firms.Role",
        "EvidenceKindEnum": "providers.evidence.models.EvidenceKind",
    },
}

# --- Security: production hardening follows DEBUG.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline scripts anywhere; styles may be inline (server-rendered SVG charts use style attributes).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
SESSION_COOKIE_HTTPONLY = True
SESSION_ENGINE = "firmops.session_store"  # Django's database sessions, the read compiled once
SILENCED_SYSTEM_CHECKS: list[str] = []

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# --- Single sign-on (issue 21, firmops/sso): each firm's OpenID Connect provider through allauth.
# Kept in one block: the apps, the adapter, the forms that refuse passwords, the session binding.
INSTALLED_APPS += ["allauth.socialaccount", "allauth.socialaccount.providers.openid_connect"]
# After the auth middleware (it reads the user), before FirmMiddleware (an ended session sees no firm).
MIDDLEWARE.insert(
    MIDDLEWARE.index("firmops.tenancy.middleware.FirmMiddleware"), "firmops.sso.gate.SsoSessionMiddleware"
)
SOCIALACCOUNT_ADAPTER = "firmops.sso.adapters.SsoAdapter"
SOCIALACCOUNT_PROVIDERS = {
    # allauth's OpenID Connect provider with nonce, signature and clock-skew checks of ours (PKCE on).
    "openid_connect": {
        "provider_class": "firmops.sso.oidc.provider.FirmOIDCProvider",
        "OAUTH_PKCE_ENABLED": True,
    }
}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # an IdP's email never signs into an account by itself
SOCIALACCOUNT_AUTO_SIGNUP = True  # the adapter admits only invited or just-in-time people
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"  # the IdP verified it (email_verified is required)
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False  # a sign-in starts from a POST, so no page can start one for you
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10  # seconds per call to an IdP (discovery, token, keys, userinfo)
ACCOUNT_FORMS = {
    "login": "firmops.sso.forms.PasswordLoginForm",
    "reset_password": "firmops.sso.forms.PasswordResetForm",
    "reset_password_from_key": "firmops.sso.forms.PasswordResetKeyForm",
}
# Client secrets are Fernet-encrypted with this key (44 url-safe base64 characters); blank: derived
# from SECRET_KEY, so rotating SECRET_KEY means entering the secrets again.
SSO_SECRET_KEY = env_str("SSO_SECRET_KEY", "")
SSO_CLOCK_SKEW_SECONDS = env_int("SSO_CLOCK_SKEW_SECONDS", 60)  # leeway on exp/iat/auth_time, at most 300
if not 0 <= SSO_CLOCK_SKEW_SECONDS <= 300:
    raise ImproperlyConfigured("SSO_CLOCK_SKEW_SECONDS must be between 0 and 300.")
