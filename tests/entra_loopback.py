"""Microsoft Entra ID's and Microsoft Graph's addresses on the loopback, answered by a real OpenID Connect
provider (``oidc-provider-mock``) for the single sign-on tests.

allauth's Microsoft provider asks for Microsoft's paths; the provider has its own. :class:`EntraFacade` is a
WSGI app in front of it that only re-routes and reshapes:

- ``/{tenant}/oauth2/v2.0/authorize`` → its ``/oauth2/authorize``; ``/{tenant}/oauth2/v2.0/token`` → its
  ``/oauth2/token``; ``/{tenant}/v2.0/.well-known/openid-configuration`` → its discovery document (which
  names its own key set, ``/jwks``, and its issuer);
- ``/v1.0/me`` (Graph) → its ``/userinfo``, the claims put in Graph's shape (``id``, ``mail``,
  ``userPrincipalName``, ``givenName``, ``surname``, ``displayName``);
- anything else → the provider unchanged (its key set; ``PUT /users/<sub>``, which sets a user's claims).

Codes, tokens, signatures, keys and the checks of state and redirect URI are all the provider's own.
Every path asked for is kept in :attr:`EntraFacade.asked`, so a test can see which tenant was used.

One setting of the provider: Entra ID names its signing key in every ID token's header (``kid``), and
allauth's ``jwtkit`` finds the key by it. oidc-provider-mock 0.3.4 names it only with Authlib before 1.7
(its later releases, which need Python 3.12, always do); with the Authlib installed here it names none.
:func:`entra_on_loopback` has it name its key, through Authlib's own hook for the header
(``get_encode_header``) — the signature still covers that header — unless a test turns
:attr:`EntraFacade.names_its_key` off to see a token that names no key refused.
"""

import json
import os
import re
import threading
from contextlib import contextmanager

import oidc_provider_mock
import werkzeug.serving
from oidc_provider_mock import _app
from werkzeug.wrappers import Response

ROUTES = [
    (re.compile(r"/[^/]+/oauth2/v2\.0/authorize"), "/oauth2/authorize"),
    (re.compile(r"/[^/]+/oauth2/v2\.0/token"), "/oauth2/token"),
    (re.compile(r"/[^/]+/v2\.0/\.well-known/openid-configuration"), "/.well-known/openid-configuration"),
    (re.compile(r"/v1\.0/me"), "/userinfo"),
]


def graph_user(claims: dict) -> dict:
    """OpenID Connect userinfo claims as Microsoft Graph's ``/me`` answers (the provider's ``sub`` is its
    user's stable id, as the object id is Entra ID's)."""
    return {
        "id": claims["sub"],
        "mail": claims.get("email"),
        "userPrincipalName": claims.get("preferred_username"),
        "givenName": claims.get("given_name"),
        "surname": claims.get("family_name"),
        "displayName": claims.get("name"),
    }


class EntraFacade:
    def __init__(self, provider):
        self.provider = provider
        self.asked: list[str] = []
        self.names_its_key = True

    def __call__(self, environ, start_response):
        asked = environ.get("PATH_INFO", "")
        self.asked.append(asked)
        target = next((to for pattern, to in ROUTES if pattern.fullmatch(asked)), asked)
        environ = {**environ, "PATH_INFO": target}
        if target != "/userinfo":
            return self.provider(environ, start_response)
        answer = Response.from_app(self.provider, environ)
        if answer.status_code == 200:
            answer = Response(json.dumps(graph_user(json.loads(answer.get_data()))), mimetype="application/json")
        return answer(environ, start_response)


@contextmanager
def entra_on_loopback():
    """Start the provider behind the façade on a free loopback port; yield (base URL, façade)."""
    os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")  # the loopback provider speaks plain HTTP
    facade = EntraFacade(oidc_provider_mock.app())
    encode_header = _app.OpenIDCode.get_encode_header

    def get_encode_header(self, client):
        header = encode_header(self, client)
        if facade.names_its_key:
            header.setdefault("kid", _app.storage.jwk.as_dict()["kid"])  # the key its /jwks lists
        return header

    _app.OpenIDCode.get_encode_header = get_encode_header
    server = werkzeug.serving.make_server("127.0.0.1", 0, facade, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", facade
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()
        _app.OpenIDCode.get_encode_header = encode_header
