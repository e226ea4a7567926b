"""Who may see and change what. Every view starts from these helpers."""

from django.http import Http404


def organisation_for(user):
    """The organisation a signed-in user belongs to, or None."""
    if not user.is_authenticated:
        return None
    if not hasattr(user, "_organisation_cache"):
        from .models import Membership

        membership = Membership.objects.select_related("organisation").filter(user=user).first()
        user._organisation_cache = membership.organisation if membership else None
    return user._organisation_cache


def require_organisation(user):
    """The user's organisation; a user with none sees nothing (404)."""
    organisation = organisation_for(user)
    if organisation is None:
        raise Http404("You are not a member of any organisation.")
    return organisation
