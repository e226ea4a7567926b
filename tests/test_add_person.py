"""*Add a person* (issue 19, point 10): a new HR lead's user, role, organisation and owner record in one
step, through ``peopleplan.people.person_add`` — in one transaction, refusing duplicates field by field,
an organisation's administrator adding people to their own organisation only, and never a superuser."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError

from owners.access import organisation_for
from owners.models import Membership, Owner
from peopleplan.people import person_add
from peopleplan.roles import BOARD_MEMBER, HR_LEAD, PLAN_ADMIN, SYSTEM_LEAD
from tests.import_helpers import snapshot

pytestmark = pytest.mark.django_db
URL = "/admin/auth/user/add-person/"
User = get_user_model()


def free_owner(organisation):
    return Owner.objects.filter(organisation=organisation, user__isnull=True, is_group=False).order_by("pk").first()


def fields(**overrides):
    return {
        "username": "alice.patel",
        "full_name": "Alice Mary Patel",
        "email": "alice.patel@nhs.example",
        "role": HR_LEAD,
        "owner": "",
        "owner_initials": "",
        "password1": "",
        "password2": "",
        **overrides,
    }


def refusal(call) -> dict:
    with pytest.raises(ValidationError) as raised:
        call()
    return raised.value.message_dict


# --- The service --------------------------------------------------------------------------------


def test_one_call_makes_the_user_their_role_membership_and_owner_link(trust, plan_admin):
    owner = free_owner(trust)
    added = person_add(
        username="alice.patel",
        full_name="Alice Mary Patel",
        email="alice.patel@nhs.example",
        role=HR_LEAD,
        organisation=trust,
        owner=owner,
        by=plan_admin,
    )
    user = User.objects.get(username="alice.patel")
    assert (user.first_name, user.last_name, user.email) == ("Alice Mary", "Patel", "alice.patel@nhs.example")
    assert list(user.groups.values_list("name", flat=True)) == [HR_LEAD]
    assert Membership.objects.get(user=user).organisation == trust
    owner.refresh_from_db()
    assert owner.user == user and added.owner == owner and not added.owner_created
    assert not user.is_staff and not user.is_superuser
    assert not user.has_usable_password()  # single sign-on, or a password set later
    assert owner.history.first().history_user == plan_admin  # who linked them is recorded


def test_a_new_owner_is_made_with_their_initials_and_a_plan_admin_is_staff(trust, plan_admin):
    added = person_add(
        username="new.admin",
        full_name="Nia Admin",
        email="nia@nhs.example",
        role=PLAN_ADMIN,
        organisation=trust,
        owner_initials="NA2",
        password="a-long-unusual-passphrase-19",
        by=plan_admin,
    )
    assert added.owner_created and added.owner.initials == "NA2" and added.owner.name == "Nia Admin"
    assert added.owner.user == added.user and added.owner.organisation == trust
    assert added.user.is_staff and not added.user.is_superuser
    assert added.user.check_password("a-long-unusual-passphrase-19")


def test_duplicates_are_refused_field_by_field_and_nothing_is_written(trust, plan_admin, hr_lead):
    linked = Owner.objects.filter(organisation=trust, user__isnull=False).first()
    taken = free_owner(trust)
    before = snapshot(), User.objects.count(), Owner.objects.count()
    problems = refusal(
        lambda: person_add(
            username="HR.LEAD",
            full_name="Someone",
            email=hr_lead.email.upper(),
            role=HR_LEAD,
            organisation=trust,
            owner=linked,
            by=plan_admin,
        )
    )
    assert problems["username"] == ["The username HR.LEAD is taken: choose another."]
    assert problems["email"] == ["Someone already has an account with this email address."]
    assert problems["owner"] == [f"{linked} is already linked to another person."]
    clash = refusal(
        lambda: person_add(
            username="x.y",
            full_name="X Y",
            email="xy@nhs.example",
            role=HR_LEAD,
            organisation=trust,
            owner_initials=taken.initials.lower(),
            by=plan_admin,
        )
    )
    assert clash["owner_initials"][0].startswith(f"{trust} already has an owner {taken}")
    assert (snapshot(), User.objects.count(), Owner.objects.count()) == before


def test_an_organisations_admin_adds_people_to_their_own_organisation_only(trust, other_trust, plan_admin):
    problems = refusal(
        lambda: person_add(
            username="spy",
            full_name="Spy",
            email="spy@nhs.example",
            role=HR_LEAD,
            organisation=other_trust,
            by=plan_admin,
        )
    )
    assert problems["organisation"] == [f"You can add people to {trust} only."]
    assert not User.objects.filter(username="spy").exists()


def test_an_owner_of_another_organisation_cannot_be_linked(trust, other_trust, national_admin):
    problems = refusal(
        lambda: person_add(
            username="a.b",
            full_name="A B",
            email="ab@nhs.example",
            role=HR_LEAD,
            organisation=trust,
            owner=Owner.objects.create(organisation=other_trust, initials="ZQ", name="Zed Q"),
            by=national_admin,
        )
    )
    assert "owner" in problems


def test_a_system_lead_belongs_to_a_system_not_a_trust(trust, national_admin):
    problems = refusal(
        lambda: person_add(
            username="s.l",
            full_name="S L",
            email="sl@nhs.example",
            role=SYSTEM_LEAD,
            organisation=trust,
            by=national_admin,
        )
    )
    assert problems["role"] == [f"A {SYSTEM_LEAD} belongs to integrated care system, not to {trust}."]


def test_a_weak_password_is_refused_and_nothing_is_written(trust, plan_admin):
    problems = refusal(
        lambda: person_add(
            username="weak",
            full_name="W",
            email="w@nhs.example",
            role=BOARD_MEMBER,
            organisation=trust,
            password="password",
            by=plan_admin,
        )
    )
    assert "password1" in problems
    assert not User.objects.filter(username="weak").exists()


# --- The admin page -----------------------------------------------------------------------------


def test_the_users_list_offers_add_a_person_to_an_organisations_admin(client, plan_admin):
    client.force_login(plan_admin)
    page = client.get("/admin/auth/user/").content.decode()
    assert f'href="{URL}"' in page and "Add a person" in page


@pytest.mark.parametrize("persona", ["hr_lead", "board_member"])
def test_people_who_are_not_administrators_cannot_add_people(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(URL).status_code == 302  # to the admin's sign-in, as for every admin page
    assert client.post(URL, fields()).status_code == 302
    assert not User.objects.filter(username="alice.patel").exists()


def test_the_page_adds_a_person_for_the_admins_own_organisation_whatever_is_posted(
    client, trust, other_trust, plan_admin
):
    owner = free_owner(trust)
    client.force_login(plan_admin)
    page = client.get(URL).content.decode()
    assert other_trust.name not in page  # another organisation is never offered (nor its owners)
    assert "is_superuser" not in page and "Superuser" not in page
    response = client.post(
        URL, fields(owner=owner.pk, organisation=other_trust.pk, is_superuser="on", is_staff="on"), follow=True
    )
    user = User.objects.get(username="alice.patel")
    assert response.redirect_chain[-1][0] == f"/admin/auth/user/{user.pk}/change/"
    assert organisation_for(user) == trust  # the organisation field is the admin's own, fixed
    assert not user.is_superuser and not user.is_staff
    owner.refresh_from_db()
    assert owner.user == user
    assert f"Alice Mary Patel (alice.patel) joined {trust} as {HR_LEAD}, linked to the owner {owner}." in (
        response.content.decode()
    )


def test_the_page_shows_each_refusal_on_its_field(client, trust, plan_admin, hr_lead):
    client.force_login(plan_admin)
    response = client.post(URL, fields(username="hr.lead", email=hr_lead.email))
    text = response.content.decode()
    assert response.status_code == 400
    assert "The username hr.lead is taken: choose another." in text
    assert "Someone already has an account with this email address." in text
    assert "nobody was added" in text
    assert "<title>Error: " in text


def test_a_superuser_chooses_the_organisation(client, other_trust, national_admin):
    client.force_login(national_admin)
    client.post(URL, fields(organisation=other_trust.pk, owner_initials="APX"))
    user = User.objects.get(username="alice.patel")
    assert organisation_for(user) == other_trust and user.owner.initials == "APX"


@pytest.mark.urls("tests.urls_with_password_reset")
def test_the_set_password_email_is_sent_when_the_accounts_pages_offer_it(client, trust, plan_admin):
    client.force_login(plan_admin)
    assert 'name="send_link"' in client.get(URL).content.decode()
    client.post(URL, fields(send_link="on"))
    user = User.objects.get(username="alice.patel")
    assert user.has_usable_password()  # a random one, replaced from the link
    assert [m.to for m in mail.outbox] == [["alice.patel@nhs.example"]]
    assert "/reset/" in mail.outbox[0].body  # the link to set the password


def test_without_the_accounts_pages_no_email_is_offered(client, plan_admin):
    """On a deployment without password reset (this branch's own URLs), the box is not shown."""
    from peopleplan.admin import password_link_available

    client.force_login(plan_admin)
    assert ('name="send_link"' in client.get(URL).content.decode()) == password_link_available()


def test_an_empty_form_says_what_to_enter_in_plain_words(client, plan_admin):
    client.force_login(plan_admin)
    users = User.objects.count()
    response = client.post(URL, {})
    text = response.content.decode()
    assert response.status_code == 400
    for message in ("Enter a username", "Enter their full name", "Enter their email address", "Choose their role"):
        assert message in text
    assert "This field is required" not in text
    assert User.objects.count() == users
