"""Demo users and a second trust, for `make run` and the test personas.

Every demo account's password is DEMO_PASSWORD (shown in the README); never use
this on a real deployment.
"""

from django.contrib.auth import get_user_model

from owners.models import Membership, Organisation, Owner
from peopleplan.roles import (
    BOARD_MEMBER,
    BOARD_SECRETARY,
    HR_LEAD,
    PLAN_ADMIN,
    REGION_LEAD,
    SYSTEM_LEAD,
    ensure_roles,
)

DEMO_PASSWORD = "people-plan-demo"
OTHER_TRUST = {"name": "Demo Other Community Trust", "ods_code": "ZZ001", "kind": "trust"}

# username, full name, role, owner initials (or None), organisation ODS (None: the demo trust)
DEMO_USERS = [
    ("hr.lead", "Alex Harper", HR_LEAD, "AH", None),
    ("secretary", "Sam Clarke", BOARD_SECRETARY, None, None),
    ("board.member", "Bobbie Wells", BOARD_MEMBER, None, None),
    ("admin", "Pat Admin", PLAN_ADMIN, None, None),
    ("other.hr", "Olu Other", HR_LEAD, None, OTHER_TRUST["ods_code"]),
    # The demo system (peopleplan.demo.system): its people lead reads the member trusts; its own HR
    # lead changes the system's own responses; the region lead reads every system of the region.
    ("ics.lead", "Casey Morgan", SYSTEM_LEAD, None, "QUE"),
    ("ics.hr", "Jordan Patel", HR_LEAD, "JP", "QUE"),
    ("region.lead", "Robin Ellis", REGION_LEAD, None, "Y61"),
]
# The national administrator: a superuser, the only one who imports plan versions.
NATIONAL_ADMIN = ("national.admin", "Nia National")


def ensure_other_trust():
    """The second demo trust: by its ODS code, else its name, else a new one (never changed)."""
    found = (
        Organisation.objects.filter(ods_code=OTHER_TRUST["ods_code"]).first()
        or Organisation.objects.filter(name=OTHER_TRUST["name"]).first()
    )
    return found or Organisation.objects.create(**OTHER_TRUST)


def create_demo_users(*, home: Organisation, password: str = DEMO_PASSWORD):
    """Create the demo accounts that do not exist; returns {username: user} of all that do.

    An existing account is left exactly as it is (password, role, membership, owner link). The
    organisations they belong to exist already (``ensure_other_trust``, ``peopleplan.demo.system``).
    """
    groups = ensure_roles()
    organisations = {o.ods_code: o for o in Organisation.objects.filter(ods_code__in={u[4] for u in DEMO_USERS})}
    User = get_user_model()
    users = {}
    for username, full_name, role, initials, ods in DEMO_USERS:
        first, last = full_name.split(" ", 1)
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.nhs.uk"}
        )
        users[username] = user
        if not created:
            continue
        user.set_password(password)
        user.is_staff = role == PLAN_ADMIN
        user.save()
        user.groups.add(groups[role])
        organisation = organisations[ods] if ods else home
        Membership.objects.get_or_create(user=user, defaults={"organisation": organisation})
        owner = Owner.objects.filter(organisation=organisation, initials=initials, user__isnull=True).first()
        if initials and owner:
            owner.user, owner.name, owner.role = user, full_name, role
            owner.save()
    return users


def create_national_admin(*, home: Organisation, password: str = DEMO_PASSWORD):
    """The demo's national administrator (a superuser): the only one who imports plan versions."""
    username, full_name = NATIONAL_ADMIN
    first, last = full_name.split(" ", 1)
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.nhs.uk"}
    )
    if created:
        user.set_password(password)
        user.is_staff = user.is_superuser = True
        user.save()
    Membership.objects.get_or_create(user=user, defaults={"organisation": home})
    return user
