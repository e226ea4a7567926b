"""Settings for People Plan Tracker, read from the environment (see sample.env).

Fails loudly: with debug off there is no default secret key and no default
allowed host.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env (made by `make run` from sample.env) is read when present;
# real environment variables always win.
if (BASE_DIR / ".env").exists():
    env.read_env(str(BASE_DIR / ".env"), overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set. Set it in the environment (see sample.env); "
        "`make run` writes a development key into .env for you."
    )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "import_export",
    "simple_history",
    "axes",
    "csp",
    "rest_framework",
    "rest_framework_api_key",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Single sign-on (identity only): allauth's Microsoft provider (Entra ID). allauth's own sign-up,
    # password and email pages are not routed (peopleplan.urls routes only the provider's, per tenant).
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.microsoft",
    "owners",
    "actions",
    "reports",
    "reminders",
    "rollups",
    "api",
    "peopleplan",
]

MIDDLEWARE = [
    # First: takes ?api_key=… out of the request before anything can log it (api.middleware).
    "api.middleware.ApiKeyQueryParameterMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "csp.middleware.CSPMiddleware",
    "peopleplan.middleware.AdminInlineStylesMiddleware",
    # 405s in words, and a GET on a form's POST-only address sent to the form's page (peopleplan.errors).
    "peopleplan.errors.MethodNotAllowedMiddleware",
    # Last, as django-axes requires: refuses sign-in while an account or address is locked out.
    "axes.middleware.AxesMiddleware",
]

# Password sign-in can be turned off once single sign-on is in use (PASSWORD_SIGN_IN=false): the
# sign-in page then shows only the SSO buttons and no backend accepts a password (admin included).
PASSWORD_SIGN_IN = env.bool("PASSWORD_SIGN_IN", default=True)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend" if PASSWORD_SIGN_IN else "peopleplan.sso.backends.NoPasswordBackend",
]

# Login throttling (django-axes): five failed sign-ins for one username from one
# address lock that pair out for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_VERBOSE = False

# Content-Security-Policy: no inline script or style anywhere in our pages; fonts
# from the NHS.UK asset host. (The Django admin gets inline styles only.)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "https://assets.nhs.uk"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Single sign-on with Microsoft Entra ID (off by default): allauth's Microsoft provider, one app per
# tenant, all from the environment (peopleplan.sso.microsoft). SSO_TENANTS is a comma-separated list of
# NAME=TENANT_ID (NAME: letters, digits and dashes, not "microsoft"; TENANT_ID: the tenant's ID); the
# redirect URI to register is https://HOST/accounts/microsoft/NAME/login/callback/.
# SSO_AUTHORITY is where Entra ID signs people in (allauth's `login_url`): the tenant's ID follows it in
# every address. The older form, https://login.microsoftonline.com/{tenant}/v2.0, still works.
# SSO_GRAPH_URL is Microsoft Graph (allauth's `graph_url`), read for the signed-in person's profile.
SSO_ENABLED = env.bool("SSO_ENABLED", default=False)
SSO_BUTTON_LABEL = env.str("SSO_BUTTON_LABEL", default="Sign in with your NHS Microsoft account")
SSO_AUTHORITY = env.str("SSO_AUTHORITY", default="https://login.microsoftonline.com").rstrip("/")
SSO_AUTHORITY = SSO_AUTHORITY.removesuffix("/{tenant}/v2.0")
SSO_GRAPH_URL = env.str("SSO_GRAPH_URL", default="https://graph.microsoft.com").rstrip("/")
SSO_CLIENT_ID = env.str("SSO_CLIENT_ID", default="")
SSO_CLIENT_SECRET = env.str("SSO_CLIENT_SECRET", default="")
for _name, _url in [("SSO_AUTHORITY", SSO_AUTHORITY), ("SSO_GRAPH_URL", SSO_GRAPH_URL)]:
    _parts = urlsplit(_url)
    if _parts.scheme not in ("https", "http") or not _parts.netloc or "{" in _url or _parts.query:
        raise ImproperlyConfigured(f"{_name}: {_url!r} is not an address such as https://login.microsoftonline.com.")
SSO_TENANTS = []
for _item in env.list("SSO_TENANTS", default=[]) if SSO_ENABLED else []:
    _name, _, _tenant = (part.strip() for part in _item.partition("="))
    if not (_name and _tenant and _name.replace("-", "").isalnum() and _name != "microsoft"):
        raise ImproperlyConfigured(f"SSO_TENANTS: {_item!r} is not NAME=TENANT_ID.")
    if not _tenant.replace("-", "").replace(".", "").isalnum():
        raise ImproperlyConfigured(f"SSO_TENANTS: {_tenant!r} is not a tenant ID.")
    SSO_TENANTS.append({"id": _name, "name": _name, "tenant": _tenant})
if SSO_ENABLED and not (SSO_CLIENT_ID and SSO_CLIENT_SECRET and SSO_TENANTS):
    raise ImproperlyConfigured("SSO_ENABLED needs SSO_CLIENT_ID, SSO_CLIENT_SECRET and SSO_TENANTS.")
if not PASSWORD_SIGN_IN and not SSO_TENANTS:
    raise ImproperlyConfigured("PASSWORD_SIGN_IN=false needs single sign-on (SSO_ENABLED and SSO_TENANTS).")
SOCIALACCOUNT_PROVIDERS = {
    "microsoft": {
        # openid (and email, profile) for the ID token the sign-in is checked with; User.Read for Graph.
        "SCOPE": ["openid", "email", "profile", "User.Read"],
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": tenant["id"],
                "name": tenant["name"],
                "client_id": SSO_CLIENT_ID,
                "secret": SSO_CLIENT_SECRET,
                "settings": {"tenant": tenant["tenant"], "login_url": SSO_AUTHORITY, "graph_url": SSO_GRAPH_URL},
            }
            for tenant in SSO_TENANTS
        ],
    }
}
# The SSO button posts to us and we redirect to Entra ID: browsers hold that redirect to form-action.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] += sorted(
    {
        "{0.scheme}://{0.netloc}".format(urlsplit(app["settings"]["login_url"]))
        for app in SOCIALACCOUNT_PROVIDERS["microsoft"]["APPS"]
    }
)
ACCOUNT_ADAPTER = "peopleplan.sso.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "peopleplan.sso.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"  # the provider vouches for the address, or we refuse
SOCIALACCOUNT_STORE_TOKENS = False  # identity only: no access tokens kept
ACCOUNT_EMAIL_VERIFICATION = "none"

ROOT_URLCONF = "peopleplan.urls"
# A failed CSRF check gets a page in the product's style that says nothing was saved (peopleplan.errors).
CSRF_FAILURE_VIEW = "peopleplan.errors.csrf_failure"

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
                "owners.context_processors.organisation",
            ],
        },
    },
]

WSGI_APPLICATION = "peopleplan.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: each app-server thread keeps its database connection for up to
# DJANGO_CONN_MAX_AGE seconds (0 closes it after every request) instead of opening one per
# request; a health check before reuse replaces a connection the database has dropped.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", env.bool("DJANGO_CONN_HEALTH_CHECKS", default=True))
# The embedded default (SQLite, `make run`) under concurrent use: write-ahead logging, so
# readers never block the writer nor the writer the readers; writers queue for up to
# DJANGO_SQLITE_TIMEOUT seconds instead of failing with "database is locked"; and every
# transaction takes the write lock when it begins (BEGIN IMMEDIATE), so two transactions
# that read and then write never deadlock (SQLite refuses that upgrade at once, without
# waiting). synchronous stays FULL: a committed update survives a power cut.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL",
    "transaction_mode": "IMMEDIATE",
    "timeout": env.float("DJANGO_SQLITE_TIMEOUT", default=20.0),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The board paper's PDF is the Word paper converted by LibreOffice (reports.exporters.paper.pdf):
# its program (found on PATH when unset) and how long a conversion may take — keep it under the
# app server's worker timeout (gunicorn: 30 s). Each paper converts once; the PDF is then kept.
SOFFICE_PATH = env.str("SOFFICE_PATH", default="")
BOARD_PAPER_PDF_TIMEOUT = env.float("BOARD_PAPER_PDF_TIMEOUT", default=25)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Static files: our own, plus the compiled NHS.UK design system from npm.
STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
NHSUK_FRONTEND_DIST = BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist"
STATICFILES_DIRS = [BASE_DIR / "static"]
if NHSUK_FRONTEND_DIST.exists():
    STATICFILES_DIRS.append(("nhsuk", NHSUK_FRONTEND_DIST / "nhsuk"))
# nhsuk-frontend's CSS refers to /assets/images/... from the site root.
WHITENOISE_ROOT = NHSUK_FRONTEND_DIST / "nhsuk" if NHSUK_FRONTEND_DIST.exists() else None
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Security: secure by default when debug is off; SSL redirect configurable
# for deployments where a proxy terminates TLS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Uploads: imports are bounded (see actions.imports.reading.limits).
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# django-import-export (the admin's Plan import and exports): its file waiting between preview and
# confirm is kept in the database, as our own imports' are, so every app server sees it; text that
# starts like a formula is neutralised in every export (actions.admin's resources do all of = + - @
# tab CR; this setting is the library's own guard for "=").
IMPORT_EXPORT_TMP_STORAGE_CLASS = "actions.imports.uploads.DatabaseTmpStorage"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# E-mail (owners' reminders, the HR leads' digest): django-environ's EMAIL_URL, e.g.
# smtp+tls://user:password@smtp.example.nhs.uk:587 in production; printed to the console by default.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update({key: value for key, value in EMAIL_CONFIG.items() if value is not None})
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="People Plan Tracker <people-plan-tracker@localhost>")
# The address people open the site at: every link in an e-mail is built from it, never from a request.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Every handler redacts API keys (api.logging): the development server logs raw request lines.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_api_keys": {"()": "api.logging.RedactApiKeys"}},
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_api_keys"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_api_keys"],
        },
    },
    "loggers": {"django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="WARNING")},
}

# The cache holds what every app server must agree on: API rate-limit counts and the sign-in token
# replay guard. In the database by default (the table comes with `migrate`); DJANGO_CACHE_URL may
# name another shared cache (e.g. redis://…). Never a per-process cache in production.
CACHES = {"default": env.cache_url("DJANGO_CACHE_URL", default="dbcache://peopleplan_cache")}

# The read-only API (/api/v1/, the `api` app): JSON only, key or session, every view scoped there.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.authentication.ReadOnlyAccess"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerKeyThrottle", "api.throttling.PerUserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "api_key": env.str("API_KEY_RATE", default="120/minute"),
        "api_user": env.str("API_USER_RATE", default="240/minute"),
    },
    "DEFAULT_PAGINATION_CLASS": "api.pagination.ApiPagination",
    # No OPTIONS self-description: the OpenAPI schema describes the API (OPTIONS is a 405).
    "DEFAULT_METADATA_CLASS": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "People Plan Tracker API",
    "DESCRIPTION": (
        "Read-only access to an organisation's response to the NHS People Plan: plans, themes, "
        "actions, organisations, responses, progress updates and issued board reports. "
        "Authenticate with an API key (`Authorization: Api-Key <key>`, or `?api_key=<key>`) or "
        "by signing in. Another organisation's objects are 404."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No call to an online validator; the schema stays here.
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True, "tryItOutEnabled": False},
    "ENUM_NAME_OVERRIDES": {
        "StatusEnum": "actions.statuses.Status",
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
