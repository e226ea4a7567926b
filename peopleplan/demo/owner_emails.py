"""E-mail addresses for the demo's owners, so the demo's reminders have somewhere to go.

Every demo owner gets ``<ods>.<initials>@example.nhs.uk`` (``example.nhs.uk`` receives no
mail), or their user account's address when they have one — except the group "All", which
is everyone and has no single address: the demo's digest lists it as "could not be reminded".
Only owners with no address yet are given one, so an address an administrator set is kept.
"""

from django.utils.text import slugify

from owners.models import Owner

DEMO_DOMAIN = "example.nhs.uk"
NO_ADDRESS = {"All"}


def add_demo_owner_emails(*, organisation) -> int:
    added = 0
    for owner in Owner.objects.filter(organisation=organisation, email="").select_related("user"):
        if owner.initials in NO_ADDRESS:
            continue
        if owner.user is not None and owner.user.email:
            owner.email = owner.user.email
        else:
            owner.email = f"{organisation.ods_code.lower()}.{slugify(owner.initials).replace('-', '.')}@{DEMO_DOMAIN}"
        owner.save(update_fields=["email"])
        added += 1
    return added
