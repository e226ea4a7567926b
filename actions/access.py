"""Who may read and change a response. Every view that touches a response starts here.

A user reads the responses of their own organisation and of the organisations below it (a system's
member trusts, a region's systems and trusts: ``owners.access.readable_q``); anything else does not
exist as far as they can tell (404). They change only their own organisation's responses, and only
with edit rights: a response they may read but not change is a 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from owners.access import may_write, readable_q, require_organisation

from . import selectors
from .models import Response

EDIT_PERMISSION = "actions.change_response"


def can_edit_responses(user) -> bool:
    """The user's role changes responses (of their own organisation)."""
    return user.is_authenticated and user.has_perm(EDIT_PERMISSION)


def can_edit_response(user, response) -> bool:
    """This response is the user's own organisation's, and their role changes responses."""
    return can_edit_responses(user) and may_write(user, response.organisation_id)


# What a person who may read an action but not change it is told: on the page, and in a 403.
READ_ONLY_NOTE = "You can view this action. Owners and HR leads update it."


def read_only_reason(user, response) -> str:
    """Why ``user`` may read ``response`` but not change it, in words ("" when they may change it)."""
    if can_edit_response(user, response):
        return ""
    if not may_write(user, response.organisation_id):
        return (
            f"You can view this action of {response.organisation.name}. Only {response.organisation.name}'s "
            "own owners and HR leads update it."
        )
    return READ_ONLY_NOTE


def response_to_read(user, pk) -> Response:
    """The response as the action page shows it (annotated, owners and checklist), or 404."""
    require_organisation(user)
    try:
        return selectors.response_for_page(within=readable_q(user), pk=pk)
    except Response.DoesNotExist:
        raise Http404("No such action.") from None


def response_to_edit(user, pk) -> Response:
    """The response to change: 404 where the user may not read it, then 403 unless it is their own
    organisation's and their role changes responses."""
    require_organisation(user)
    response = (
        Response.objects.of_any(readable_q(user)).select_related("action__theme", "organisation").filter(pk=pk).first()
    )
    if response is None:
        raise Http404("No such action.")
    if not can_edit_response(user, response):
        raise PermissionDenied(f"{read_only_reason(user, response)} Nothing was changed.")
    return response
