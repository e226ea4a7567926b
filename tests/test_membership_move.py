"""Moving a user to another trust unlinks them from the owners of the trust they leave (issue 21,
point 9). On the full demo as ``make run`` loads it: the HR lead is owner AH of the demo trust."""

import pytest
from django.contrib.auth import get_user_model

from owners.models import Membership, Organisation, Owner

pytestmark = pytest.mark.django_db


def test_moving_a_user_unlinks_the_owner_they_leave_and_its_admin_can_save_it(full_demo, client, hr_lead, plan_admin):
    root = get_user_model().objects.create_superuser("it.admin", "it.admin@example.nhs.uk", "It-Admin-Password-1")
    other = Organisation.objects.get(ods_code="ZZ001")
    owner = Owner.objects.get(organisation=full_demo, initials="AH")
    assert owner.user == hr_lead
    membership = Membership.objects.get(user=hr_lead)

    client.force_login(root)
    moved = client.post(
        f"/admin/owners/membership/{membership.pk}/change/", {"user": hr_lead.pk, "organisation": other.pk}
    )
    assert moved.status_code == 302
    assert Membership.objects.get(user=hr_lead).organisation == other

    owner.refresh_from_db()
    assert owner.user is None
    latest = owner.history.first()
    assert (latest.user_id, latest.history_user, latest.history_change_reason) == (
        None,
        root,
        "The user left the organisation",
    )
    assert owner.history.all()[1].user_id == hr_lead.pk  # the link it had, kept in the history

    # The demo trust's administrator can save the owner again.
    client.force_login(plan_admin)
    saved = client.post(
        f"/admin/owners/owner/{owner.pk}/change/",
        {"organisation": full_demo.pk, "initials": "AH", "name": "Alex Harper", "role": "HR lead", "user": ""},
    )
    assert saved.status_code == 302
