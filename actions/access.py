"""Who may read and change a response. Every view that touches a response starts here.

A response of another organisation does not exist as far as the user can tell (404); a user of
the same organisation without edit rights may read it but not change it (403).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from owners.access import require_organisation

from . import selectors
from .models import Response

EDIT_PERMISSION = "actions.change_response"


def can_edit_responses(user) -> bool:
    return user.is_authenticated and user.has_perm(EDIT_PERMISSION)


def response_to_read(user, pk) -> Response:
    """The response as the action page shows it (annotated, owners and checklist), or 404."""
    organisation = require_organisation(user)
    try:
        return selectors.response_for_page(organisation=organisation, pk=pk)
    except Response.DoesNotExist:
        raise Http404("No such action.") from None


def response_to_edit(user, pk) -> Response:
    """The response to change: 404 outside the user's organisation, then 403 without edit rights."""
    organisation = require_organisation(user)
    response = Response.objects.of(organisation).select_related("action__theme").filter(pk=pk).first()
    if response is None:
        raise Http404("No such action.")
    if not can_edit_responses(user):
        raise PermissionDenied("You can read this action but not change it.")
    return response
