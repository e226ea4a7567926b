"""Reading the identity an OpenID Connect provider sent (allauth keeps it in ``extra_data``)."""

from allauth.core.internal.datakit import parse_bool_safely

# Claims that say the provider checked the address: the standard one, and Entra ID's optional
# "email domain owner verified" claim (add ``email`` and ``xms_edov`` as optional ID token claims
# in the app registration).
VERIFIED_CLAIMS = ("email_verified", "xms_edov")


def claim_sources(extra_data: dict) -> list[dict]:
    """The claim sets allauth stored: the userinfo response and the ID token (either may be absent)."""
    sources = [extra_data.get("userinfo"), extra_data.get("id_token")]
    return [source for source in sources if isinstance(source, dict)] or [extra_data]


def verified_email(extra_data: dict) -> str | None:
    """The email address the provider vouches for, or None.

    An address counts only if a claim set that carries it also says it is verified.
    """
    for source in claim_sources(extra_data):
        email = (source.get("email") or "").strip()
        if email and any(parse_bool_safely(source.get(claim)) for claim in VERIFIED_CLAIMS):
            return email
    return None


def any_email(extra_data: dict) -> str:
    for source in claim_sources(extra_data):
        if source.get("email"):
            return str(source["email"]).strip()
    return ""
