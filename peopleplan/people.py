"""Adding a person in one step: their user, role, organisation and owner record (the admin's *Add a
person* page; issue 19). Today's alternative is three admin screens (user, membership, owner).

``person_add`` is all or nothing (one transaction) and refuses, field by field, a username or email
address already in use, an owner already linked to someone, new initials an owner of the organisation
already has, and a role that does not fit the organisation. An organisation's administrator adds people
to their own organisation only; nobody is ever made a superuser here. A plan administrator is staff (they
work in the admin); every other role is not.
"""

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from owners.access import organisation_for
from owners.models import Organisation, Owner
from owners.services import membership_set
from peopleplan.roles import PLAN_ADMIN, REGION_LEAD, ROLE_PERMISSIONS, SYSTEM_LEAD, ensure_roles

# A role held only by members of this kind of organisation.
ROLE_KINDS = {SYSTEM_LEAD: Organisation.Kind.SYSTEM, REGION_LEAD: Organisation.Kind.REGION}


@dataclass
class PersonAdded:
    user: object
    organisation: Organisation
    role: Group
    owner: Owner | None
    owner_created: bool


def roles_for(organisation: Organisation | None) -> list[str]:
    """The roles a member of ``organisation`` may hold (a system lead's is a system, and so on)."""
    return [
        name
        for name in ROLE_PERMISSIONS
        if name not in ROLE_KINDS or organisation is None or ROLE_KINDS[name] == organisation.kind
    ]


def split_name(full_name: str) -> tuple[str, str]:
    """ "Mary Ann Smith" → ("Mary Ann", "Smith"); one word is a first name."""
    words = full_name.split()
    return (" ".join(words[:-1]), words[-1]) if len(words) > 1 else (" ".join(words), "")


def _problems(*, username, email, role, organisation, owner, owner_initials, by) -> dict:
    User = get_user_model()
    problems: dict[str, str] = {}
    if not by.is_superuser and organisation != organisation_for(by):
        own = organisation_for(by)
        problems["organisation"] = (
            f"You can add people to {own} only." if own else "You are not a member of any organisation."
        )
    if role not in roles_for(organisation):
        problems["role"] = (
            f"A {role} belongs to {Organisation.Kind(ROLE_KINDS[role]).label.lower()}, not to {organisation}."
            if role in ROLE_KINDS
            else "Choose a role from the list."
        )
    if User.objects.filter(username__iexact=username).exists():
        problems["username"] = f"The username {username} is taken: choose another."
    if email and User.objects.filter(email__iexact=email).exists():
        problems["email"] = "Someone already has an account with this email address."
    if owner is not None and owner_initials:
        problems["owner_initials"] = "Either link an existing owner or add a new one, not both."
    elif owner is not None:
        if owner.organisation_id != organisation.pk:
            problems["owner"] = f"{owner} is an owner of {owner.organisation}, not of {organisation}."
        elif owner.user_id is not None:
            problems["owner"] = f"{owner} is already linked to another person."
        elif owner.is_group:
            problems["owner"] = f"{owner} is a group, not a person."
    elif owner_initials:
        clash = Owner.objects.filter(organisation=organisation, initials__iexact=owner_initials).first()
        if clash is not None:
            problems["owner_initials"] = (
                f"{organisation} already has an owner {clash}: link them under “Existing owner” instead."
            )
    return problems


def _new_user(username, full_name, email, role, *, password, email_link):
    """The unsaved user: never a superuser; staff only as a plan administrator; validated."""
    first_name, last_name = split_name(full_name)
    User = get_user_model()
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=role == PLAN_ADMIN,
        is_superuser=False,
    )
    if password:
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise ValidationError({"password1": error.messages}) from None
        user.set_password(password)
    elif email_link:
        user.set_password(secrets.token_urlsafe(32))  # replaced from the emailed link
    else:
        user.set_unusable_password()
    try:
        user.full_clean()
    except ValidationError as error:
        raise ValidationError({k: v for k, v in error.message_dict.items() if k != "password"}) from None
    return user


@transaction.atomic
def person_add(
    *,
    username: str,
    full_name: str,
    email: str,
    role: str,
    organisation: Organisation,
    by,
    owner: Owner | None = None,
    owner_initials: str = "",
    password: str = "",
    email_link: bool = False,
) -> PersonAdded:
    """A new person of ``organisation`` with ``role``, optionally linked to an existing ``owner`` of it or
    made a new owner with ``owner_initials``. ``password``: their first password (validated); without it
    they sign in with single sign-on or, with ``email_link``, set one from the emailed link (a random
    password no one knows is set so that a reset link can be sent). Raises ``ValidationError`` by field."""
    username, email, owner_initials = username.strip(), email.strip(), " ".join(owner_initials.split())
    problems = _problems(
        username=username,
        email=email,
        role=role,
        organisation=organisation,
        owner=owner,
        owner_initials=owner_initials,
        by=by,
    )
    if problems:
        raise ValidationError(problems)
    user = _new_user(username, full_name, email, role, password=password, email_link=email_link)
    user.save()
    group = ensure_roles()[role]
    user.groups.add(group)
    membership_set(user=user, organisation=organisation, by=by)
    created = False
    if owner is None and owner_initials:
        owner, created = Owner(organisation=organisation, initials=owner_initials, name=full_name.strip()), True
        owner.email = email
    if owner is not None:
        owner.user = user
        owner._history_user = by
        owner._change_reason = f"Linked to {username} when they were added"
        owner.full_clean()
        owner.save()
    return PersonAdded(user=user, organisation=organisation, role=group, owner=owner, owner_created=created)
