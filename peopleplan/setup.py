"""Setting up an organisation on a real deployment (no demo): the organisation, its first
administrator and its responses, in one step.

``organisation_setup`` is what ``python manage.py setup_organisation`` and the admin's *Set up an
organisation* page run. The administrator is a plan administrator of that organisation only
(staff, never a superuser): they sign in, see the organisation's actions and manage its owners
and users from the admin.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from actions.services import organisation_responses_create
from owners.models import Membership, Organisation
from peopleplan.roles import PLAN_ADMIN, ensure_roles


@dataclass
class SetUp:
    organisation: Organisation
    administrator: object
    responses: int


def _check_free(*, name: str, ods_code: str, username: str) -> None:
    problems = {}
    if Organisation.objects.filter(ods_code__iexact=ods_code).exists():
        problems["ods_code"] = f"An organisation with ODS code {ods_code} already exists."
    if Organisation.objects.filter(name__iexact=name).exists():
        problems["name"] = f"An organisation named {name!r} already exists."
    if get_user_model().objects.filter(username__iexact=username).exists():
        problems["admin_username"] = f"The username {username!r} is taken."
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def organisation_setup(
    *,
    name: str,
    ods_code: str,
    admin_username: str,
    admin_email: str,
    admin_password: str,
    admin_first_name: str = "",
    admin_last_name: str = "",
    kind: str = Organisation.Kind.TRUST,
    parent: Organisation | None = None,
    user=None,
) -> SetUp:
    """A new organisation with a response to every active action of every plan, and its first
    administrator (role Plan admin, staff, member of the organisation). All or nothing; raises
    ``ValidationError`` (by field) on a taken name, code or username, or a weak password."""
    name, ods_code, admin_username = " ".join(name.split()), ods_code.strip().upper(), admin_username.strip()
    _check_free(name=name, ods_code=ods_code, username=admin_username)
    organisation = Organisation(name=name, ods_code=ods_code, kind=kind, parent=parent)
    organisation.full_clean()
    organisation.save()
    User = get_user_model()
    administrator = User(
        username=admin_username,
        email=admin_email.strip(),
        first_name=admin_first_name.strip(),
        last_name=admin_last_name.strip(),
        is_staff=True,
    )
    try:
        validate_password(admin_password, administrator)
    except ValidationError as error:
        raise ValidationError({"admin_password": error.messages}) from None
    administrator.set_password(admin_password)
    administrator.full_clean()
    administrator.save()
    administrator.groups.add(ensure_roles()[PLAN_ADMIN])
    Membership.objects.create(user=administrator, organisation=organisation)
    responses = organisation_responses_create(organisation=organisation, user=user)
    return SetUp(organisation=organisation, administrator=administrator, responses=responses)
