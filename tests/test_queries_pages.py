"""Query counts of the busy pages are pinned, and do not grow with the number of actions,
owners, checklist items or updates (each page is measured at two data sizes)."""

import pytest
from django.urls import reverse

from tests.pages_helpers import grow, hw_response

# Every signed-in page starts with the same four queries:
#   1 session, 2 user, 3 membership (the user's organisation), 4 organisation.
SIGNED_IN = 4


@pytest.fixture(params=[0, 40], ids=["demo-data", "40-more-dated-owned-actions"])
def data_size(request, trust, hr_lead, secretary):
    if request.param:
        grow(trust, [hr_lead, secretary], n=request.param)
    return request.param


def _get(client, url, django_assert_num_queries, expected):
    client.get(url)  # warm anything lazily cached per process (content types)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_dashboard_queries(client, hr_lead, data_size, django_assert_num_queries):
    # + 5 theme × status counts, 6 overdue count, 7 most overdue, 8 due-soon count, 9 due soon,
    #   10 latest updates (with author and action)
    client.force_login(hr_lead)
    _get(client, reverse("dashboard"), django_assert_num_queries, SIGNED_IN + 6)


def test_action_list_queries(client, hr_lead, data_size, django_assert_num_queries):
    # + 5 paginator count, 6 theme choices, 7 owner choices, 8 the page's rows (annotated:
    #   due, overdue, latest update), 9 owners (lead first), 10 checklist items
    client.force_login(hr_lead)
    url = reverse("action_list") + "?overdue=on&sort=due"
    _get(client, url, django_assert_num_queries, SIGNED_IN + 6)


def test_my_actions_queries(client, hr_lead, data_size, django_assert_num_queries):
    # + 5 the user's responses (annotated), 6 owners, 7 checklist items
    client.force_login(hr_lead)
    _get(client, reverse("my_actions"), django_assert_num_queries, SIGNED_IN + 3)


def test_owner_page_queries(client, hr_lead, data_size, django_assert_num_queries):
    # + 5 owners with action and overdue counts, 6 their responses (with action and theme)
    client.force_login(hr_lead)
    _get(client, reverse("owner_list"), django_assert_num_queries, SIGNED_IN + 2)


def test_action_page_queries(client, hr_lead, trust, data_size, django_assert_num_queries):
    # + 5 the response (annotated, with action, theme, plan), 6 owners, 7 checklist items,
    #   8 user permissions, 9 group permissions (may the user edit?), 10 progress updates
    #   (with author), 11 response history (latest 21, with user), 12 checklist history (latest 40),
    #   13 progress-update history (latest 20)
    client.force_login(hr_lead)
    _get(client, reverse("response_detail", args=[hw_response(trust).pk]), django_assert_num_queries, SIGNED_IN + 9)
