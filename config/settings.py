"""Settings for the teaching school alliances platform.

Everything that differs between machines comes from the environment, and every default is the
safe one, so a developer turns the unsafe ones on rather than a deployment turning them off:
- DATABASE_URL selects the database (default: an SQLite file in var/).
- DJANGO_DEBUG=true turns on Django's debug pages (default: off; the site's own 404 and 500).
- DJANGO_SECRET_KEY signs sessions and password-reset links. There is no default: without it,
  SECRET_KEY is empty and config/wsgi.py refuses to serve (management commands that don't sign
  anything, such as migrate, load_demo and collectstatic, still run). With DEBUG on and no key,
  each process makes up a random key of its own and says so.
- DJANGO_ALLOWED_HOSTS: comma-separated host names (default: local ones only).
- Email: EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS and
  DEFAULT_FROM_EMAIL configure SMTP (the default); SITE_URL is the address emails link to
  (default http://127.0.0.1:8000). DJANGO_EMAIL_TO_CONSOLE=true prints messages
  instead of sending them (scripts/serve sets it, so sign-up links show in its output).
- DJANGO_SECURE=true for a site served over HTTPS: secure cookies, HTTPS redirect, HSTS.
  DJANGO_HSTS_SECONDS changes HSTS's lifetime; DJANGO_SECURE_PROXY_SSL_HEADER=true trusts a TLS-
  terminating proxy's X-Forwarded-Proto header (set it only behind such a proxy).
"""
import os
import secrets
import warnings
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_flag(name, default=False):
    """True when the variable is set to 1/true/yes/on (any case); the default when it is unset."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if not SECRET_KEY and DEBUG:
    # Unpredictable, and good only for this process: sessions end when it restarts. Never used
    # with DEBUG off, where an empty key makes config/wsgi.py refuse to serve.
    SECRET_KEY = secrets.token_urlsafe(50)
    warnings.warn(
        "DJANGO_SECRET_KEY is not set: using a random key for this process only "
        "(sign-ins will not survive a restart). Set DJANGO_SECRET_KEY to keep them.",
        RuntimeWarning,
        stacklevel=1,
    )

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if host.strip()
]

# --- HTTPS (DJANGO_SECURE=true) ----------------------------------------------------------------
# Off by default so the local quick start works over plain http://127.0.0.1.
https_only = env_flag("DJANGO_SECURE")
SESSION_COOKIE_SECURE = https_only
CSRF_COOKIE_SECURE = https_only
SECURE_SSL_REDIRECT = https_only
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if https_only else 0
if env_flag("DJANGO_SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # its widget templates, found by the TemplatesSetting renderer below
    "rest_framework",
    "django_filters",
    "simple_history",
    "drf_spectacular",
    # Background work (evidence packs, roll-ups, matching runs): Django's tasks API, queued in
    # the database so it works the same on SQLite and PostgreSQL; `manage.py db_worker` runs it.
    "django_tasks",
    "django_tasks_db",
    "registry",
    "accounts",
    "alliances",
    "delivery",
    "brokerage",
    "demo",
    "notices",
    # Sign-up, sign-in, email verification, password reset and two-factor (django-allauth).
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Council members and administrators set up two-factor before anything else.
    "accounts.two_factor.TwoFactorRequiredMiddleware",
    # Records who made each change that django-simple-history keeps.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
# Form widgets render through the project's templates (and Django's own for widgets it has none for),
# selects in Python, for speed (registry/form_renderer.py).
FORM_RENDERER = "registry.form_renderer.FormRenderer"
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
                "alliances.context_processors.menu",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=60,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    # Shared by every server process, in the database (no cache server to run): allauth's counts
    # of failed sign-ins and used two-factor codes, which must hold across processes and must
    # never be pushed out by kept pages. Its table is made by `manage.py createcachetable`.
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    },
    # Visitors' pages and summaries built from public data, keyed on the data version
    # (registry/data_version.py), so nothing kept is ever stale and each process keeps its own.
    # 5,000 entries a process is a few tens of MiB at most.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

AUTH_USER_MODEL = "accounts.User"
# Email addresses are stored lower-cased, and signing in ignores their case.
AUTHENTICATION_BACKENDS = ["accounts.backends.EmailBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# Sign-in lands where everything waiting for the person is listed.
LOGIN_REDIRECT_URL = "alliances:yours"
LOGOUT_REDIRECT_URL = "home"
# A sign-in lasts two weeks, then the person signs in again (and gives their two-factor code).
SESSION_COOKIE_AGE = 14 * 24 * 60 * 60

# --- Accounts (django-allauth; pages at the addresses in accounts/allauth_urls.py) ------------
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Nobody signs in until they have followed the link sent to their address; the link is signed
# (HMAC), lasts three days and works once.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_CONFIRMATION_HMAC = True
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a button to press, so a mail scanner opening links confirms nothing
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# One address per person; a new one replaces the old only once it is verified.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = True  # no "remember me" box: every sign-in lasts SESSION_COOKIE_AGE
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Teaching school alliances: "
ACCOUNT_FORMS = {
    "login": "accounts.forms.SignInForm",
    "signup": "accounts.forms.SignUpForm",
    "add_email": "accounts.forms.ChangeEmailForm",
    "change_password": "accounts.forms.ChangePasswordForm",
    "set_password": "accounts.forms.SetPasswordForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "accounts.forms.ResetPasswordKeyForm",
    "reauthenticate": "accounts.forms.ReauthenticateForm",
}
# Sign-in abuse: five wrong passwords for one account, or 30 from one IP address, within
# SIGN_IN_LOCKOUT_MINUTES stop further tries until that long has passed (the sign-in form says
# how long). Counted in Django's cache: the default local-memory cache counts per server process.
SIGN_IN_LOCKOUT_MINUTES = 5
ACCOUNT_RATE_LIMITS = {"login_failed": f"30/{SIGN_IN_LOCKOUT_MINUTES}m/ip,5/{SIGN_IN_LOCKOUT_MINUTES}m/key"}

# Two-factor: an authenticator app (TOTP) with recovery codes; no passkeys.
MFA_ADAPTER = "accounts.adapter.TwoFactorAdapter"
# Seals two-factor secrets in the database (accounts/secret_sealing.py); SECRET_KEY when unset.
MFA_SECRET_KEY = os.environ.get("DJANGO_MFA_SECRET_KEY", "").strip()
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Teaching school alliances"
MFA_FORMS = {
    "authenticate": "accounts.forms.TwoFactorCodeForm",
    "reauthenticate": "accounts.forms.TwoFactorReauthenticateForm",
    "activate_totp": "accounts.forms.ActivateTOTPForm",
    "deactivate_totp": "accounts.forms.DeactivateTOTPForm",
    "generate_recovery_codes": "accounts.forms.GenerateRecoveryCodesForm",
}
# Changing the email address of an account with two-factor is allowed: the new address is
# still verified before it replaces the old (allauth refuses it otherwise).
MFA_ALLOW_UNVERIFIED_EMAIL = True

# --- Email -------------------------------------------------------------------------------------
if env_flag("DJANGO_EMAIL_TO_CONSOLE"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 20  # a stuck mail server fails the request rather than holding it forever
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Teaching school alliances <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address emails link back to (notices.sending): emails are sent after the action, outside
# any request, so the site cannot tell its own address from the request.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").strip().rstrip("/")

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
# The compiled stylesheet (build/static) and GOV.UK Frontend's own fonts-free assets
# and JavaScript come from the pinned npm package, installed at setup.
# WhiteNoise serves what collectstatic copied into STATIC_ROOT (scripts/serve runs it, as a
# deployment does); with DEBUG on it serves straight from the finders, so a rebuilt stylesheet
# shows without collecting. Tests' live server serves static files from the finders itself.
WHITENOISE_USE_FINDERS = DEBUG
STATICFILES_DIRS = [
    BASE_DIR / "build" / "static",
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    # Leaflet (pinned npm package) draws maps; the project's own scripts sit beside it.
    ("leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
    # Chart.js (pinned npm package) draws the delivery charts; each has a table beside it.
    ("chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
    ("js", BASE_DIR / "assets" / "js"),
]

# Map tiles, such as "https://tile.example.org/{z}/{x}/{y}.png", with the attribution their
# licence asks for (HTML). None by default: maps draw their points on a plain background and
# fetch nothing from anywhere, so tests and offline installs work.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "").strip()
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "").strip()

# Documents shared in network libraries: private, sent only through a view that checks who is
# asking (alliances.views.networks.network_document), so MEDIA_ROOT must never be served publicly.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "config.api_schema.ErrorsDocumented",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Teaching school alliances API",
    "DESCRIPTION": (
        "Read-only access to the platform's data: the national registry of schools and organisations "
        "(with inspections and predecessor links); teaching school alliances with their leads, members "
        "and deliverers, and memberships with their terms; teaching school designations; networks of "
        "alliances; and the leads' agreements. Public data is open to everyone; memberships and "
        "agreements are for the alliance's own schools and partners and the Teaching Schools Council. "
        "Delivery: published programmes for everyone; bookings, support records, trainee teachers and "
        "ledger entries for those who see them on the site's pages, who may also book, decide bookings "
        "and confirm or dispute ledger entries (a broken rule answers 400 with every reason)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # One named enum for each of Ofsted's scales, rather than one per field that uses it.
    "ENUM_NAME_OVERRIDES": {
        "ReportCardGradeEnum": "registry.models.ReportCardGrade",
        "OEIFGradeEnum": "registry.models.OEIFGrade",
        "SchoolStatusEnum": "registry.models.School.Status",
        "DesignationStatusEnum": "alliances.models.Designation.Status",
        "ProgrammeKindEnum": "delivery.models.Programme.Kind",
        "OrganisationKindEnum": "registry.models.Organisation.Kind",
        "AnnualReturnStateEnum": "delivery.models.AnnualReturn.State",
    },
}

# --- Registry rules (documented in README.md, "Domain model") ---------------------------------
# A school is "small" when it has fewer pupils on roll than this. Job-share alliances may be
# led by two small (or special) schools.
SMALL_SCHOOL_PUPIL_THRESHOLD = int(os.environ.get("SMALL_SCHOOL_PUPIL_THRESHOLD", "210"))

# How "at least Good at the most recent inspection" is read for each inspection regime.
# See registry/inspection_standing.py.
AT_LEAST_GOOD = {
    # Sept 2024 - Nov 2025: no overall grade. "all": every key judgement Good or better;
    # "leadership": leadership and management Good or better.
    "subjudgement_rule": os.environ.get("AT_LEAST_GOOD_SUBJUDGEMENT_RULE", "all"),
    # From Nov 2025: the lowest report-card grade that still counts as "at least Good".
    "report_card_minimum": os.environ.get("AT_LEAST_GOOD_REPORT_CARD_MINIMUM", "expected_standard"),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Background tasks go into the database (django-tasks-db) and `manage.py db_worker` runs them.
# Tests run them in-process (tests/conftest.py) unless a test asks for the queue.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
