"""Query counts of the roll-up pages are pinned: the same for a system of 3 trusts (the demo) and
of 40 trusts, and at most 12."""

import pytest
from django.urls import reverse

from actions.models import Action

from .rollup_helpers import add_member_trusts

# Every signed-in page starts with the same five queries (session, user, membership with its
# organisation, the user's own and group permissions), then:
#   6 the organisation in the URL, within the user's reach (one query: owners.access.organisation_to_read)
#   7 the organisations below it, in tree order (owners.access.subtree)
SIGNED_IN = 5
ROOT_AND_TREE = 2
MAX_QUERIES = 12


@pytest.fixture(params=[3, 40], ids=["system-of-3-trusts", "system-of-40-trusts"])
def system_size(request, system):
    extra = request.param - system.children.count()
    if extra:
        add_member_trusts(system, extra)
    assert system.children.count() == request.param
    return request.param


def _count(client, user, url, django_assert_num_queries, expected):
    client.force_login(user)
    client.get(url)  # warm anything lazily cached per process
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    assert expected <= MAX_QUERIES


def test_side_by_side_queries(client, system_lead, system_size, django_assert_num_queries):
    # + 8 theme choices, 9 counts by organisation × status (with overdue), 10 latest update per organisation
    _count(
        client,
        system_lead,
        reverse("rollup_trusts", args=["QUE"]),
        django_assert_num_queries,
        SIGNED_IN + ROOT_AND_TREE + 3,
    )


def test_side_by_side_of_a_region_queries(client, region_lead, system_size, django_assert_num_queries):
    _count(
        client,
        region_lead,
        reverse("rollup_trusts", args=["Y61"]),
        django_assert_num_queries,
        SIGNED_IN + ROOT_AND_TREE + 3,
    )


def test_one_action_across_queries(client, system_lead, system_size, django_assert_num_queries):
    # + 8 the action choices, 9 every organisation's response to it (annotated), 10 their owners
    action = Action.objects.get(
        theme__plan__slug="people-plan-2020-21", theme__number=1, ref=4, organisation__isnull=True
    )
    url = reverse("rollup_action", args=["QUE"]) + f"?action={action.pk}"
    _count(client, system_lead, url, django_assert_num_queries, SIGNED_IN + ROOT_AND_TREE + 3)


def test_exceptions_queries(client, system_lead, system_size, django_assert_num_queries):
    # + 8 exception counts by organisation, 9 paginator count, 10 the page's rows (annotated), 11 owners
    _count(
        client,
        system_lead,
        reverse("rollup_exceptions", args=["QUE"]),
        django_assert_num_queries,
        SIGNED_IN + ROOT_AND_TREE + 4,
    )


def test_a_member_trusts_dashboard_and_action_list_queries(client, system_lead, system_size, django_assert_num_queries):
    # The trust's own pages (tests/test_queries_pages.py) + 1: the organisation in the URL.
    _count(client, system_lead, reverse("organisation_dashboard", args=["RYV"]), django_assert_num_queries, 12)
    url = reverse("organisation_action_list", args=["RYV"]) + "?overdue=on&sort=due"
    _count(client, system_lead, url, django_assert_num_queries, 12)
