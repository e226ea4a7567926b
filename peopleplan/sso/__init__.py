"""Single sign-on with the organisation's Microsoft account (Entra ID) — identity only.

django-allauth's Microsoft provider talks to each configured tenant (``settings.SSO_TENANTS``, from
the environment; off by default), one allauth app per tenant. allauth only proves who someone is:
organisation membership and roles stay in the product, given by an administrator.

- :mod:`.microsoft`: each tenant's sign-in addresses, and the ID token checked (signature, issuer,
  audience, expiry) before the Graph profile is believed.

- :mod:`.adapters`: who may come in — a verified email address, matched to an existing user by
  that verified address only; a first-time user gets an account with no membership and lands on
  the "ask your administrator for access" page; anything else is refused with our own page.
- :mod:`.views`: the sign-in page (password and SSO on one page; password sign-in can be turned
  off) and the no-access page.
"""
