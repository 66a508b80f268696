"""Settings for the ward portal: every value comes from the environment (django-environ).

Required in every environment: SECRET_KEY, DATABASE_URL, REDIS_URL, EMAIL_URL, SITE_URL.
`make run` and `make test` set development defaults for them (scripts/portal.py); production
sets them itself. `.env.example` lists every variable.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)  # optional; the process env wins

SECRET_KEY = env.str("SECRET_KEY")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Absolute address of the portal, for links in emails and calendar feeds.
SITE_URL = env.str("SITE_URL").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "axes",
    # Two-factor login (README, "Two-factor login"): authenticator apps and backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_celery_beat",
    # The layers, bottom up (README, "Architecture"): the kernel, the domain apps, then what
    # reads them. Demo data loads in this order.
    "ward_portal",
    "budget",
    "meetings",
    "citizens",
    "dashboards",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, so that static files get Permissions-Policy too (and no no-store).
    "ward_portal.middleware.SecureHeadersMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Faults: a database that is down or hangs gives a plain 503 page, not a 500.
    "ward_portal.middleware.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "ward_portal.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Audit log: entries written during a request name its person (ward_portal/audit.py).
    "ward_portal.audit.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Two-factor login: which device verified this session, then the gate that sends a
    # session still owing its second step to the code (or enrolment) page.
    "django_otp.middleware.OTPMiddleware",
    "ward_portal.two_factor.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # AxesMiddleware must be last: it turns a lockout into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ward_portal.urls"
WSGI_APPLICATION = "ward_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ward_portal.context_processors.portal",
            ],
        },
    },
]

# --- data -----------------------------------------------------------------------------------
DATABASES = {"default": env.db_url("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# PostgreSQL's JIT compiles a plan whose estimated cost is high, and the period figures' one
# aggregate per app (conditions read from each case's history) is estimated high: compiling
# took longer than running it (leadership figures of 300 wards with 100,000 petitions: about
# 2 s with JIT, 0.6 s without; see README, "Benchmarks"). Our queries are short: no JIT.
_db_options = DATABASES["default"].setdefault("OPTIONS", {})
_db_options["options"] = f"{_db_options.get('options', '')} -c jit=off".strip()
# --- faults: a database that is down or hangs (README, "What the portal guarantees under
# faults"). A request never waits on it for long: connecting gives up after
# DATABASE_CONNECT_TIMEOUT, the server cancels a statement after DATABASE_STATEMENT_TIMEOUT,
# and our backend (ward_portal/db) shuts the socket of any call a hung server has not answered
# (DATABASE_PROBE_AFTER, DATABASE_CALL_TIMEOUT); the page is then a 503
# (DatabaseUnavailableMiddleware), and CONN_HEALTH_CHECKS reconnects once the server is back.
DATABASES["default"]["ENGINE"] = "ward_portal.db"
DATABASE_CONNECT_TIMEOUT = env.int("DATABASE_CONNECT_TIMEOUT", default=3)
DATABASE_STATEMENT_TIMEOUT = env.int("DATABASE_STATEMENT_TIMEOUT", default=30)  # 0: none
# 0: no bound (as with no statement timeout); else the statement timeout and a margin.
DATABASE_CALL_TIMEOUT = env.float(
    "DATABASE_CALL_TIMEOUT", default=DATABASE_STATEMENT_TIMEOUT and DATABASE_STATEMENT_TIMEOUT + 5
)
# A call waiting this long makes the backend check that the server answers a new connection
# at all; if not (it hangs), the call is cut then, not at DATABASE_CALL_TIMEOUT. 0: never.
DATABASE_PROBE_AFTER = env.float("DATABASE_PROBE_AFTER", default=3)
_db_options.setdefault("connect_timeout", DATABASE_CONNECT_TIMEOUT)
_db_options["options"] += f" -c statement_timeout={DATABASE_STATEMENT_TIMEOUT * 1000}"
# --- end of faults (database)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "ward_portal.User"

REDIS_URL = env.str("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="ward"),
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }
}
# --- faults: Redis refused or hung (README, "What the portal guarantees under faults"). A
# request waits for Redis at most REDIS_TIMEOUT seconds per call, and once: after a failure the
# cache and the publishing after commit skip Redis for REDIS_BREAKER_SECONDS
# (ward_portal/breaker.py); rate limits fail open, tasks stay pending for the beat sweeps.
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=0.5)
REDIS_BREAKER_SECONDS = env.float("REDIS_BREAKER_SECONDS", default=10)
CACHES["default"]["BACKEND"] = "ward_portal.cache.RedisCache"
CACHES["default"]["OPTIONS"] = {
    "socket_connect_timeout": REDIS_TIMEOUT,
    "socket_timeout": REDIS_TIMEOUT,
}
# --- end of faults (Redis)
# Rate limits (django-ratelimit) count in this cache; a Redis outage must not block citizens.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = True
# Public petition form: submissions allowed per client IP and per phone number.
CITIZENS_RATE_PER_IP = env.str("CITIZENS_RATE_PER_IP", default="10/h")
CITIZENS_RATE_PER_PHONE = env.str("CITIZENS_RATE_PER_PHONE", default="5/h")
OPEN311_RATE_PER_IP = env.str("OPEN311_RATE_PER_IP", default="300/h")
OPEN311_RATE_PER_CLIENT = env.str("OPEN311_RATE_PER_CLIENT", default="600/h")
# Sessions live in PostgreSQL so that staff stay logged in when Redis is down.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=4 * 60 * 60)  # idle limit, seconds
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"  # never served directly: files go through views that check access
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "static")
STATIC_URL = "/static/"
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
# Without collected files (development, tests) WhiteNoise serves straight from static/.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- auth -----------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = env.list(
    "AXES_IPWARE_META_PRECEDENCE_ORDER", default=["REMOTE_ADDR"]
)

# --- two-factor login (django-otp; README, "Two-factor login") ---------------------------
# Leaders (a LEADER role anywhere) and administrators must enrol an authenticator app and
# give its code at login. Off under `make run`/`make test` (scripts/portal.py) so the demo
# and the browser journeys log in with a password alone; anyone who enrolled is still asked.
OTP_REQUIRED_FOR_LEADERS = env.bool("OTP_REQUIRED_FOR_LEADERS", default=True)
# Days a browser that gave a code is not asked again (signed HttpOnly cookie); 0 = always ask.
OTP_REMEMBER_DAYS = env.int("OTP_REMEMBER_DAYS", default=30)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Cổng quản lý phường")
OTP_BACKUP_CODES = 10
# The admin lists devices; their secret keys are not shown there.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# --- email ----------------------------------------------------------------------------------
_email = env.email_url("EMAIL_URL")
_smtp_options = {
    "host": "EMAIL_HOST",
    "port": "EMAIL_PORT",
    "username": "EMAIL_HOST_USER",
    "password": "EMAIL_HOST_PASSWORD",
    "use_tls": "EMAIL_USE_TLS",
    "use_ssl": "EMAIL_USE_SSL",
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": (
            {option: _email[key] for option, key in _smtp_options.items() if key in _email}
            | {"timeout": 10}
            if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Cổng thông tin phường <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- language and formats -------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["ward_portal.formats"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

# --- security -------------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# --- security headers (ward_portal.middleware.SecureHeadersMiddleware; README, "Secure headers")
# HSTS (sent by SecurityMiddleware on HTTPS requests only): on by default, a year, when the
# portal's address is https (subdomains and preload: "production hardening" below).
SECURE_HSTS_SECONDS = env.int(
    "SECURE_HSTS_SECONDS", default=365 * 24 * 3600 if SITE_URL.startswith("https://") else 0
)
# No page uses the camera, the microphone or the location (the public form takes an address
# in words); if one ever does, allow it here for our own origin only: geolocation=(self).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()"
# Paths (besides STATIC_URL) whose responses may be cached: public, the same for everyone.
# Everything else (staff pages, file downloads, a citizen's case page) is Cache-Control: no-store.
CACHEABLE_PUBLIC_PATHS = ["/public/", "/open311/"]
# --- end of security headers
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Celery ---------------------------------------------------------------------------------
# Redis over a Unix socket (the embedded one) is `unix://path`; kombu calls it `redis+socket://`.
CELERY_BROKER_URL = env.str(
    "CELERY_BROKER_URL",
    default=REDIS_URL.replace("unix://", "redis+socket://", 1)
    if REDIS_URL.startswith("unix://")
    else REDIS_URL,
)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=15 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
# Must exceed the longest task, or Redis hands an unacknowledged task to a second worker.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # How often a worker looks for tasks whose worker died (unacknowledged past the timeout).
    "unacked_restore_interval": env.int("CELERY_RESTORE_INTERVAL", default=30),
    "unacked_restore_throttle": 1,
    # Faults: a publish waits at most this per try (two tries: CELERY_TASK_PUBLISH_RETRY_POLICY).
    "socket_connect_timeout": REDIS_TIMEOUT,
    "socket_timeout": REDIS_TIMEOUT,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing fails fast when the broker is down: callers keep a pending row and a beat sweep
# enqueues it later, so nothing waits on a dead broker (ward_portal/queueing.py).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = 10
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Faults: a report being built renews its lease every third of this; the sweep (every minute)
# queues again a report whose lease ran out, i.e. whose worker died (reports/services.py).
REPORT_LEASE_SECONDS = env.int("REPORT_LEASE_SECONDS", default=60)
# Faults (citizens' notifications): a row claimed for sending longer ago than this belongs to a
# worker that died; the sweep hands it on (citizens/services.py). Far above the SMTP timeout.
NOTIFICATION_CLAIM_SECONDS = env.int("NOTIFICATION_CLAIM_SECONDS", default=300)

# --- tables ---------------------------------------------------------------------------------
DJANGO_TABLES2_TEMPLATE = "tables/table.html"
DJANGO_TABLES2_PAGE_RANGE = 7

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- Production hardening (README, "Configuration"; `manage.py check --deploy` is clean with
# the production values of .env.example, tests/ward_portal/test_deploy.py). HTTPS itself is
# read in the security block above: SECURE_COOKIES, SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS,
# and BEHIND_TLS_PROXY (trust the proxy's X-Forwarded-Proto, which makes the redirect and
# secure cookies work behind it). Defaults are off so that development and tests run over
# plain HTTP; production turns them on.
# HSTS for the subdomains too (the portal's host has none served over plain HTTP); preload
# only when the operator means to submit the domain to the browsers' list (hard to undo).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# A load balancer's health probe may speak plain HTTP to the web server: no redirect for it.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Every cookie the portal sets is Secure (over HTTPS) and SameSite=Lax, the language too.
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
# --- end of production hardening (its deploy checks: ward_portal/checks.py)
