"""A run's query count grows at most linearly with the number of owners (measured at two sizes)."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from actions.models import Action, Response, ResponseOwner, Status
from owners.models import Membership, Organisation, Owner
from peopleplan.roles import HR_LEAD
from reminders.services import reminders_send
from tests.reminder_helpers import ON

pytestmark = pytest.mark.django_db

# Per organisation, whatever its size:
#   2 organisations and their settings (which are due today), 4 the reminder plan (responses
#   annotated; their owners; opt-outs; this month's earlier reminders), 1 the run's row,
#   digest: 1 "is another server still sending?", 1 today's reminders with owners, 3 claim
#   (savepoint, insert, release), 1 HR leads' addresses, 1 its recipients and outcome,
#   1 the run's totals.
FIXED = 15
# Per owner reminded: 3 claim (savepoint, insert, release), 1 record sent.
PER_OWNER = 4


def organisation_with_owners(n):
    organisation = Organisation.objects.create(name=f"Query Trust {n}", ods_code=f"QT{n:03d}")
    lead = get_user_model().objects.create(username=f"hr.qt{n}", email=f"hr.qt{n}@example.nhs.uk")
    lead.groups.add(Group.objects.get(name=HR_LEAD))
    Membership.objects.create(user=lead, organisation=organisation)
    actions = Action.objects.filter(organisation__isnull=True, withdrawn_in__isnull=True).order_by("pk")[: 2 * n]
    for index, action in enumerate(actions):
        owner, _ = Owner.objects.get_or_create(
            organisation=organisation,
            initials=f"O{index % n:02d}",
            defaults={"email": f"o{index % n}.qt{n}@example.nhs.uk"},
        )
        response = Response.objects.create(
            organisation=organisation,
            action=action,
            status=Status.AT_RISK,
            local_due_date=ON - datetime.timedelta(days=index + 1),
        )
        ResponseOwner.objects.create(response=response, owner=owner, is_lead=True)
    return organisation


@pytest.mark.parametrize("owners", [4, 12])
def test_a_run_makes_a_fixed_number_of_queries_plus_a_few_per_owner(owners, django_assert_max_num_queries, mailoutbox):
    organisation = organisation_with_owners(owners)

    with django_assert_max_num_queries(FIXED + PER_OWNER * owners):
        totals = reminders_send(on=ON, organisation=organisation)

    assert (totals.sent, totals.failed) == (owners, 0)
    assert len(mailoutbox) == owners + 1  # and the digest
