"""Login throttling: attempts counted per client IP and per email, in the cache (DRF throttling).

The rates are settings, ``MODELBANK_LOGIN_RATE_PER_IP`` and ``MODELBANK_LOGIN_RATE_PER_EMAIL``
("20/min", "5/min": a number per second, minute, hour or day; empty turns that limit off), read on
each request rather than once at import as DRF's own rates are, so they can be changed per test.
Every attempt counts, right or wrong, so guessing a password is slow from one address and slow for
one account from many. With several server processes, set ``REDIS_URL`` so they share the counts.
"""

import hashlib

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class _SettingRateThrottle(SimpleRateThrottle):
    setting = ""

    def get_rate(self) -> str | None:
        return getattr(settings, self.setting, None) or None

    def key_for(self, ident: str) -> str:
        return self.cache_format % {"scope": self.scope, "ident": ident}


class LoginIpThrottle(_SettingRateThrottle):
    """Per client address: REMOTE_ADDR, or X-Forwarded-For behind ``MODELBANK_TRUSTED_PROXIES`` proxies."""

    scope = "login_ip"
    setting = "MODELBANK_LOGIN_RATE_PER_IP"

    def get_cache_key(self, request, view):
        return self.key_for(self.get_ident(request))


class LoginEmailThrottle(_SettingRateThrottle):
    """Per email (the login's ``username``), whatever its case; kept hashed, never in clear in the cache."""

    scope = "login_email"
    setting = "MODELBANK_LOGIN_RATE_PER_EMAIL"

    def get_cache_key(self, request, view):
        data = request.data
        email = data.get("username") if hasattr(data, "get") else None
        if not isinstance(email, str) or not email.strip():
            return None  # nothing to count against: the view refuses the body anyway
        digest = hashlib.sha256(email.strip().casefold().encode("utf-8", "surrogatepass")).hexdigest()
        return self.key_for(digest)
