from .access import organisation_for


def organisation(request):
    """The signed-in user's organisation, for the header."""
    user = getattr(request, "user", None)
    return {"current_organisation": organisation_for(user) if user is not None else None}
