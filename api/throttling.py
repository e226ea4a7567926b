"""Rate limits (DRF throttling): per API key, and per signed-in user. Rates are settings
(``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``: ``api_key``, ``api_user``); counts live in the
shared cache, so every app server counts the same requests."""

from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .models import OrganisationAPIKey


class SettingsRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        # Read at each request (DRF reads it once, at import): a changed setting takes effect.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]


class PerKeyThrottle(SettingsRateThrottle):
    scope = "api_key"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, OrganisationAPIKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.prefix}


class PerUserThrottle(SettingsRateThrottle):
    scope = "api_user"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, OrganisationAPIKey) or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
