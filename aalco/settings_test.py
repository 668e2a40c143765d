"""The test suite's small override of the real settings (which still read the environment)."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")

from .settings import *  # noqa: F403
from .settings import STORAGES

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="aalco-test-media-"))
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
# Services are tested in-process; tests/integration starts real workers on Redis for delivery.
CELERY_TASK_ALWAYS_EAGER = True
# A test's writes are never committed (their on_commit callbacks never run) and every test
# starts from the same version: the figures' cache is on only in the tests about it.
FIGURES_CACHE_SECONDS = 0
# No collectstatic in tests: serve from the finders and skip whitenoise's start-up scan.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
