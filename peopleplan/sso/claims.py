"""Reading who the identity provider says someone is.

:mod:`.microsoft` keeps the Graph profile in ``extra_data`` and, under ``extra_data["id_token"]``, the
claims of the ID token it has checked (signature, issuer, audience, expiry). Only those claims can vouch
for an email address: Graph's ``mail`` and ``userPrincipalName`` say nothing about who checked them.
"""

from allauth.core.internal.datakit import parse_bool_safely

# Claims that say the provider checked the address: the standard one, and Entra ID's optional
# "email domain owner verified" claim (add ``email`` and ``xms_edov`` as optional ID token claims
# in the app registration).
VERIFIED_CLAIMS = ("email_verified", "xms_edov")


def id_token_claims(extra_data: dict) -> dict:
    claims = extra_data.get("id_token")
    return claims if isinstance(claims, dict) else {}


def verified_email(extra_data: dict) -> str | None:
    """The email address the ID token vouches for, or None: its ``email``, only with ``email_verified``
    or ``xms_edov`` true."""
    claims = id_token_claims(extra_data)
    email = str(claims.get("email") or "").strip()
    if email and any(parse_bool_safely(claims.get(claim)) for claim in VERIFIED_CLAIMS):
        return email
    return None


def any_email(extra_data: dict) -> str:
    """An address to name on the refusal page, verified or not."""
    for email in (id_token_claims(extra_data).get("email"), extra_data.get("mail")):
        if email:
            return str(email).strip()
    return ""
