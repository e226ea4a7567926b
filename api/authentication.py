"""DRF authentication and permission for the read-only API.

- :class:`ApiKeyAuthentication`: an organisation's API key (see ``api.keys``). A request that
  presents a key that is not usable gets 401 ``Invalid API key.`` — never which check failed.
- Session sign-in (DRF's ``SessionAuthentication``) for people using the docs page or a browser.
- :class:`ReadOnlyAccess`: a key or a signed-in user; unsafe methods never reach a handler (the
  views define ``get`` only: 405).
"""

from django.contrib.auth.models import AnonymousUser
from rest_framework import authentication, exceptions, permissions

from .keys import key_from_request, record_use, valid_key
from .models import OrganisationAPIKey

INVALID_KEY = "Invalid API key."


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """``Authorization: Api-Key <key>`` or ``?api_key=<key>``; the key is ``request.auth``."""

    def authenticate(self, request):
        raw = key_from_request(request)
        if raw is None:
            return None
        key = valid_key(raw)
        if key is None:
            raise exceptions.AuthenticationFailed(INVALID_KEY)
        record_use(key)
        # A key is not a person: request.user stays anonymous (no permissions, no name in history).
        return AnonymousUser(), key

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) to a request without credentials.
        return 'Api-Key realm="api"'


def principal_of(request):
    """The API key of the request, else its signed-in user."""
    return request.auth if isinstance(request.auth, OrganisationAPIKey) else request.user


class ReadOnlyAccess(permissions.BasePermission):
    message = "Sign in, or send an API key."

    def has_permission(self, request, view):
        return isinstance(request.auth, OrganisationAPIKey) or bool(request.user and request.user.is_authenticated)
