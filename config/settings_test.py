"""Test settings: the same as production but for speed and determinism."""

import os

from cryptography.fernet import Fernet

os.environ.setdefault("MODELBANK_ENCRYPTION_KEYS", Fernet.generate_key().decode())

from config.settings import *  # noqa: E402,F403

# Every read checks the version stamp, so a test sees its own catalog edits at once.
CATALOG_CACHE_CHECK_SECONDS = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
MODELBANK_JOB_RUNNER = "eager"  # runner tests choose theirs explicitly
# Tests log in far more often than a person; the throttling tests set their own rates.
MODELBANK_LOGIN_RATE_PER_IP = MODELBANK_LOGIN_RATE_PER_EMAIL = ""
MODELBANK_ALERT_DELIVERY = "inline"  # low-balance alerts are sent before the charging call returns
