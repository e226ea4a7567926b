"""Whose data an API request may read: the ONE place the API decides its scope.

Every API query starts from :func:`readable_organisations`. A principal is a signed-in user or an
API key; its *home* organisation is the user's membership (``owners.access``) or the key's
organisation. It reads its home organisation and that organisation's members: a trust reads
itself, a system its trusts, a region its systems and their trusts — as the pages will once a
user may read several organisations (issue 12). When ``owners.access`` gains that
multi-organisation scope, switch :func:`readable_organisations` to it here, and nothing else in
the API changes.

Anything outside the scope does not exist as far as the caller can tell (404, as on the pages).
"""

from django.db.models import QuerySet

from owners.access import organisation_for, within_q
from owners.models import Organisation

from .models import OrganisationAPIKey


def home_organisation(principal) -> Organisation | None:
    """The key's organisation, or the signed-in user's (None for a user who belongs nowhere)."""
    if isinstance(principal, OrganisationAPIKey):
        return principal.organisation
    return organisation_for(principal)


def readable_organisations(principal) -> QuerySet:
    """The organisations ``principal`` may read: its home organisation and those below it.

    A lazy queryset: used as ``organisation__in=…`` it is a subquery, never an extra round trip.
    """
    home = home_organisation(principal)
    if home is None:
        return Organisation.objects.none()
    return Organisation.objects.filter(within_q(home, field=""))
