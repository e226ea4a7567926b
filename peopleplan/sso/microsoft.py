"""Signing in with Microsoft Entra ID: allauth's Microsoft provider, one app per tenant, the ID token checked.

allauth's Microsoft provider (``allauth.socialaccount.providers.microsoft``) sends people to
``{login_url}/{tenant}/oauth2/v2.0/authorize``, redeems the code at ``…/token`` and reads who they are
from Microsoft Graph (``{graph_url}/v1.0/me``), all from the app's settings (``settings.py`` makes one
app per tenant of ``SSO_TENANTS``). Two things are added here:

- **Several tenants.** allauth 65 routes its Microsoft provider at one ``microsoft/login/`` and
  ``microsoft/login/callback/`` and looks the app up by the provider's id, ``microsoft``: with two apps,
  ``MultipleObjectsReturned``. Here each tenant's app (``provider_id`` = the tenant's NAME) has its own
  addresses, ``accounts/microsoft/<NAME>/login/`` and ``…/login/callback/`` (the redirect URI to register),
  as allauth does for its OpenID Connect apps; the state of a sign-in is kept per tenant.
- **The ID token.** allauth's adapter trusts the Graph profile. :meth:`TenantAdapter.complete_login` also
  checks the ID token the token endpoint returned — its signature against the tenant's published keys,
  its issuer (the one the tenant's discovery document states), its audience (our client id) and its
  expiry, with allauth's ``jwtkit`` — and that the Graph profile is the token's user; otherwise the
  sign-in is refused. The email address counts only if the ID token vouches for it (:mod:`.claims`).
"""

import jwt
from allauth.account.models import EmailAddress
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.microsoft.provider import MicrosoftGraphProvider
from allauth.socialaccount.providers.microsoft.views import MicrosoftGraphOAuth2Adapter, _check_errors
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.utils import build_absolute_uri
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import MultipleObjectsReturned
from django.http import Http404
from django.urls import path, reverse
from django.utils.http import urlencode

from .claims import verified_email

# Entra ID signs ID tokens with RS256; anything else in a token's header is refused before any key is used.
ID_TOKEN_ALGORITHMS = ("RS256",)


class TenantAdapter(MicrosoftGraphOAuth2Adapter):
    """allauth's Microsoft adapter for one tenant's app (``provider_id``), checking the ID token too."""

    def __init__(self, request, provider_id: str) -> None:
        self.provider_id = provider_id  # allauth's adapter finds the app, hence the tenant, by this id
        super().__init__(request)

    def get_callback_url(self, request, app):
        callback = reverse("microsoft_callback", kwargs={"provider_id": self.provider_id})
        return build_absolute_uri(request, callback, self.redirect_uri_protocol)

    def complete_login(self, request, app, token, **kwargs):
        claims = self.verified_id_token(app, (kwargs.get("response") or {}).get("id_token"))
        with get_adapter().get_requests_session() as session:
            answer = session.get(
                self.profile_url, params=self.profile_url_params, headers={"Authorization": f"Bearer {token.token}"}
            )
            profile = _check_errors(answer)
        # Graph's `id` is the user's object id, the ID token's `oid` (`sub` where a provider has no `oid`).
        if str(profile["id"]) != str(claims.get("oid", claims.get("sub"))):
            raise OAuth2Error("The Graph profile is not the ID token's user")
        return self.get_provider().sociallogin_from_response(request, {**profile, "id_token": claims})

    def verified_id_token(self, app, id_token: str | None) -> dict:
        """The ID token's claims, once its signature, issuer, audience and expiry are right; else OAuth2Error."""
        if not id_token:
            raise OAuth2Error("No ID token in the token response (is the openid scope asked for?)")
        with get_adapter().get_requests_session() as session:
            answer = session.get(self._build_tenant_url("/v2.0/.well-known/openid-configuration"))
            answer.raise_for_status()
            discovery = answer.json()
        issuer, keys_url = discovery.get("issuer"), discovery.get("jwks_uri")
        if not (isinstance(issuer, str) and isinstance(keys_url, str)) or "{" in issuer:
            raise OAuth2Error(f"The tenant's discovery document names no usable issuer or keys: {issuer!r}")
        try:
            header = jwt.get_unverified_header(id_token)
        except jwt.PyJWTError as error:
            raise OAuth2Error("Invalid id_token") from error
        if header.get("alg") not in ID_TOKEN_ALGORITHMS:
            raise OAuth2Error(f"ID token signed with {header.get('alg')!r}, not {' or '.join(ID_TOKEN_ALGORITHMS)}")
        if not isinstance(header.get("kid"), str):
            raise OAuth2Error("The ID token does not name its signing key (kid)")  # Entra ID's always do
        return jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=keys_url,
            issuer=issuer,
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
        )


class TenantProvider(MicrosoftGraphProvider):
    """allauth's Microsoft provider for one tenant's app: its own addresses and adapter; the user's email
    address is only the one the ID token vouches for (never Graph's ``mail`` or ``userPrincipalName``)."""

    def get_login_url(self, request, **kwargs):
        url = reverse("microsoft_login", kwargs={"provider_id": self.app.provider_id})
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def get_callback_url(self):
        return reverse("microsoft_callback", kwargs={"provider_id": self.app.provider_id})

    def get_oauth2_adapter(self, request):
        return TenantAdapter(request, self.app.provider_id)

    def serialize(self):
        return {**super().serialize(), "id": self.app.provider_id}  # found again by tenant, not "microsoft"

    def extract_common_fields(self, data):
        email = verified_email(data)
        return {**super().extract_common_fields(data), "email": email, "email_verified": email is not None}

    def extract_email_addresses(self, data):
        email = verified_email(data)
        return [EmailAddress(email=email, verified=True, primary=True)] if email else []


def tenant_provider(provider: MicrosoftGraphProvider) -> MicrosoftGraphProvider:
    """allauth's provider for a tenant's app, as :class:`TenantProvider` (the social account adapter's hook)."""
    if type(provider) is MicrosoftGraphProvider and provider.app.provider_id:
        return TenantProvider(provider.request, app=provider.app)
    return provider


def _tenant_view(view_class):
    @login_not_required
    def view(request, provider_id):
        try:
            app = get_adapter().get_app(request, provider=provider_id)
        except (SocialApp.DoesNotExist, MultipleObjectsReturned):
            raise Http404 from None
        if app.provider != MicrosoftGraphProvider.id or app.provider_id != provider_id:
            raise Http404
        return view_class.adapter_view(TenantAdapter(request, provider_id))(request)

    return view


login = _tenant_view(OAuth2LoginView)
callback = _tenant_view(OAuth2CallbackView)

urlpatterns = [
    path("microsoft/<slug:provider_id>/login/", login, name="microsoft_login"),
    path("microsoft/<slug:provider_id>/login/callback/", callback, name="microsoft_callback"),
]
