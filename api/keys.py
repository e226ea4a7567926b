"""Reading an API key from a request and checking it — the only code that sees a key's secret.

A key travels in the ``Authorization: Api-Key <key>`` header or, because Power BI's *Web API*
credential sends it so, in the ``api_key`` query parameter. ``api.middleware`` takes the query
parameter out of the request before anything can log it; :func:`key_from_request` reads it back.
Every failure — malformed, unknown, wrong secret, revoked, expired — is the same ``None``: the
caller answers 401 with one message and never says which.
"""

import re

from django.utils import timezone

from .models import OrganisationAPIKey

HEADER_KEYWORD = "api-key"
QUERY_PARAMETER = "api_key"
# Where api.middleware keeps the query parameter's value (never in request.GET or the query string).
REQUEST_ATTRIBUTE = "_api_key_from_query"
# djangorestframework-api-key makes keys of an 8-character prefix, a dot and a 32-character secret.
KEY_PATTERN = re.compile(r"^[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}$")


def key_from_request(request) -> str | None:
    """The key the request presents (header first, then the query parameter), or None."""
    django_request = getattr(request, "_request", request)
    scheme, _, value = django_request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() == HEADER_KEYWORD:
        return value.strip()
    return getattr(django_request, REQUEST_ATTRIBUTE, None)


def valid_key(raw: str) -> OrganisationAPIKey | None:
    """The usable key ``raw`` names (right secret, not revoked, not expired), else None. One query."""
    if not raw or not KEY_PATTERN.match(raw):
        return None
    prefix = raw.partition(".")[0]
    key = OrganisationAPIKey.objects.select_related("organisation").filter(prefix=prefix).first()
    if key is None or not key.is_valid(raw) or key.revoked or key.has_expired:
        return None
    return key


LAST_USED_RESOLUTION = 60  # seconds: "last used" is written at most once a minute per key


def record_use(key: OrganisationAPIKey) -> None:
    """Keep ``last_used_at`` to the minute, without a write on every request."""
    now = timezone.now()
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() >= LAST_USED_RESOLUTION:
        OrganisationAPIKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
