"""allauth adapters: who a single sign-on lets in, and where they land.

Rules (in :meth:`SocialAccountAdapter.pre_social_login`):

1. An identity already linked to a user (by the provider's stable subject) signs that user in —
   unless the user has been deactivated.
2. Otherwise the ID token must vouch for the email address (``email_verified`` or Entra ID's
   ``xms_edov``); an unverified or missing address is refused.
3. An existing, active user whose email address is exactly that verified address is linked and
   signed in. Two users sharing the address, or an inactive one, are refused (an administrator
   must sort it out): never a guess.
4. Nobody has the address: a new account with no membership and no role is made; it sees only
   the "ask your administrator for access" page until an administrator adds it to an
   organisation.

Every provider allauth finds for a tenant's app is :class:`.microsoft.TenantProvider` (see
:meth:`SocialAccountAdapter.get_provider`). allauth's own sign-up, password and email pages are never
routed; its messages are not shown.
"""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib.auth import get_user_model
from django.shortcuts import render
from django.urls import reverse

from owners.access import organisation_for

from .claims import any_email, verified_email
from .microsoft import tenant_provider

logger = logging.getLogger(__name__)


def refuse(request, reason: str, *, email: str = ""):
    """Stop the sign-in with our own page (403) saying why, in words a person can act on."""
    logger.warning("Single sign-on refused: %s", reason)
    response = render(request, "sso/refused.html", {"reason": reason, "email": email}, status=403)
    raise ImmediateHttpResponse(response)


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False  # no sign-up form: accounts come from an administrator, or a first SSO sign-in

    def add_message(self, *args, **kwargs):
        pass  # "Successfully signed in as …" and the like: password sign-in says nothing either


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_provider(self, request, provider, client_id=None):
        """allauth's Microsoft provider for the tenant's app, with that tenant's addresses and the ID
        token checked (:mod:`.microsoft`)."""
        return tenant_provider(super().get_provider(request, provider, client_id=client_id))

    def list_providers(self, request):
        return [tenant_provider(provider) for provider in super().list_providers(request)]

    def is_open_for_signup(self, request, sociallogin):
        return True  # rule 4: a verified first-time user gets an account without membership

    def pre_social_login(self, request, sociallogin):
        data = sociallogin.account.extra_data
        if sociallogin.is_existing:
            user = sociallogin.user
            if not user.is_active:
                refuse(request, "inactive", email=user.email)
        else:
            email = verified_email(data)
            if email is None:
                refuse(request, "unverified", email=any_email(data))
            matches = list(get_user_model().objects.filter(email__iexact=email)[:2])
            if len(matches) > 1:
                refuse(request, "ambiguous", email=email)
            if matches:
                if not matches[0].is_active:
                    refuse(request, "inactive", email=email)
                sociallogin.connect(request, matches[0])  # rule 3: linked by the verified address
        user = sociallogin.user
        if user.pk is None or organisation_for(user) is None:
            sociallogin.state["next"] = reverse("no_access")

    def on_authentication_error(self, request, provider, error=None, exception=None, extra_context=None):
        """A bad state, a refused or cancelled sign-in, a token with the wrong issuer or audience:
        our own page, saying it did not work and what to do (no details of the failure: those go to
        the log, for the IT team)."""
        cause = exception.__cause__ if exception is not None and exception.__cause__ is not None else exception
        logger.warning("Single sign-on failed (%s): %s", error, repr(cause) if cause is not None else "no detail")
        refuse(request, "failed")
