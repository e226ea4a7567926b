"""Settings for benchmark runs: the project's settings with the bench URLconf.

``bench.urls`` adds ``/bench/bare/`` (a trivial one-UPDATE view used as the load
test's yardstick) to the project's URLs, so the production URLconf never has it.
"""

import os
import warnings

os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from peopleplan.settings import *  # noqa: E402,F403
from peopleplan.settings import STORAGES  # noqa: E402

ROOT_URLCONF = "tests.bench.urls"
# Pages are measured, not static files: no manifest needed.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = False  # login throttling (when present) must not throttle the load clients
# Static files are not served from STATIC_ROOT in benchmarks; whitenoise's warning about it is noise.
warnings.filterwarnings("ignore", message="No directory at")
