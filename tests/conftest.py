"""Shared fixtures: the demo data loaded once per session, and persona users.

Personas (all from ``peopleplan.demo.users``):
- ``hr_lead``: Alex Harper, HR lead of the demo trust (RYV), owner "AH" — edits responses.
- ``secretary``: Sam Clarke, board secretary of the demo trust — reads everything, board reports.
- ``board_member``: Bobbie Wells, read-only board member of the demo trust.
- ``plan_admin``: Pat Admin, plan administrator of the demo trust (staff, Django admin).
- ``other_hr``: Olu Other, HR lead of *another* trust (ZZ001) — must see nothing of RYV.
- ``national_admin``: Nia National, the national administrator (superuser) — imports plan versions.
- ``system_lead``: Casey Morgan, the ICS people lead of QUE (RYV's system) — reads every member
  trust (RYV, ZZ101, ZZ102) and the system's own responses, changes nothing.
- ``system_hr``: Jordan Patel, HR lead of the system QUE itself (owner "JP") — changes the
  system's own responses to the actions for systems, reads the member trusts.
- ``region_lead``: Robin Ellis, lead of the East of England region (Y61) — reads both systems of
  the region (QUE and the demo QZZ) and their trusts, changes nothing.
- ``other_system_lead``: a system lead of the OTHER system of the region (QZZ, ZZ001's) — must see
  nothing of QUE or its trusts (made here, not a demo login).
"""

import pytest
from django.core.management import call_command

from owners.models import Organisation

DEMO_ODS = "RYV"
SYSTEM_ODS = "QUE"
REGION_ODS = "Y61"
OTHER_SYSTEM_ODS = "QZZ"


def load_demo_data():
    call_command("load_demo", "--no-updates", verbosity=0, stdout=open("/dev/null", "w"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the People Plan, the demo trust and the personas once; each test rolls back its changes."""
    with django_db_blocker.unblock():
        load_demo_data()


@pytest.fixture
def demo_transactional(transactional_db):
    """For live-server tests: transactional tests flush the database, so load the demo again."""
    load_demo_data()


@pytest.fixture
def full_demo(db):
    """The full demo exactly as ``make run`` loads it: an empty database, then ``load_demo`` (with the
    illustrative updates and the issued demo board report). Inside the test's transaction, so it is
    rolled back afterwards and the session's demo data comes back."""
    from django.contrib.contenttypes.models import ContentType

    call_command("flush", "--noinput", verbosity=0)
    ContentType.objects.clear_cache()
    call_command("load_demo", verbosity=0, stdout=open("/dev/null", "w"))
    yield Organisation.objects.get(ods_code=DEMO_ODS)
    ContentType.objects.clear_cache()


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


@pytest.fixture
def trust(db):
    return Organisation.objects.get(ods_code=DEMO_ODS)


@pytest.fixture
def other_trust(db):
    return Organisation.objects.get(ods_code="ZZ001")


@pytest.fixture
def hr_lead(db):
    return _user("hr.lead")


@pytest.fixture
def secretary(db):
    return _user("secretary")


@pytest.fixture
def board_member(db):
    return _user("board.member")


@pytest.fixture
def plan_admin(db):
    return _user("admin")


@pytest.fixture
def other_hr(db):
    return _user("other.hr")


@pytest.fixture
def national_admin(db, trust):
    """Made per test (the session's demo data has no superuser)."""
    from peopleplan.demo.users import create_national_admin

    return create_national_admin(home=trust)


@pytest.fixture
def system(db):
    return Organisation.objects.get(ods_code=SYSTEM_ODS)


@pytest.fixture
def region(db):
    return Organisation.objects.get(ods_code=REGION_ODS)


@pytest.fixture
def other_system(db):
    return Organisation.objects.get(ods_code=OTHER_SYSTEM_ODS)


@pytest.fixture
def system_lead(db):
    return _user("ics.lead")


@pytest.fixture
def system_hr(db):
    return _user("ics.hr")


@pytest.fixture
def region_lead(db):
    return _user("region.lead")


@pytest.fixture
def other_system_lead(other_system):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from owners.models import Membership
    from peopleplan.roles import SYSTEM_LEAD

    user = get_user_model().objects.create_user("other.system.lead", first_name="Otto", last_name="System")
    user.groups.add(Group.objects.get(name=SYSTEM_LEAD))
    Membership.objects.create(user=user, organisation=other_system)
    return user


@pytest.fixture
def make_report(trust, secretary):
    """Create a draft board report of the demo trust (``issue=True`` issues it too), of the People Plan
    unless ``plans=`` says otherwise."""
    import datetime

    from actions.models import Plan
    from reports import services

    def _make(*, title="People Plan progress", as_at=datetime.date(2026, 1, 15), issue=False, **fields):
        report = services.report_create(
            organisation=fields.pop("organisation", trust),
            plans=fields.pop("plans", [Plan.objects.get(slug="people-plan-2020-21")]),
            user=secretary,
            title=title,
            meeting="Trust Board",
            meeting_date=fields.pop("meeting_date", as_at),
            agenda_item=fields.pop("agenda_item", "13"),
            purpose="noting",
            author="Angela Hartley",
            author_title="Deputy Director of Workforce",
            executive_sponsor="Anita Pisani",
            executive_sponsor_title="Deputy CEO and Director of Workforce",
            as_at=as_at,
            assurance_level=fields.pop("assurance_level", "substantial"),
            assurance_rationale=fields.pop("assurance_rationale", "Staff survey results; appraisal feedback."),
            **fields,
        )
        if issue:
            report = services.report_issue(report=report, user=secretary)
        return report

    return _make
