"""Query counts of the busy pages are pinned, and do not grow with the number of actions,
owners, checklist items or updates (each page is measured at two data sizes)."""

import pytest
from django.urls import reverse

from tests.pages_helpers import grow, hw_response, own

# Every signed-in page starts with the same five queries:
#   1 session, 2 user, 3 membership with its organisation (cached on the user for the request),
#   4-5 the user's own and group permissions (the menu's permission check; cached on the user,
#   so a view that checks a permission itself does not pay them twice).
SIGNED_IN = 5


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
    # + 4 theme × status counts, 5 overdue count, 6 most overdue, 7 due-soon count, 8 due soon,
    #   9 latest updates (with author and action)
    client.force_login(hr_lead)
    _get(client, reverse("dashboard"), django_assert_num_queries, SIGNED_IN + 6)


def test_action_list_queries(client, hr_lead, data_size, django_assert_num_queries):
    # + 4 plan and theme choices (the themes of the plans the organisation responds to, with
    #   their plan), 5 paginator count, 6 owner choices, 7 the page's rows (annotated: due,
    #   overdue, latest update), 8 owners (lead first), 9 checklist items
    client.force_login(hr_lead)
    url = reverse("action_list") + "?overdue=on&sort=due"
    _get(client, url, django_assert_num_queries, SIGNED_IN + 6)


def test_my_actions_queries(client, hr_lead, data_size, django_assert_num_queries):
    # + 4 the plans the organisation responds to (the plan filter), 5 the user's responses
    #   (annotated), 6 owners, 7 checklist items, 8 the organisation's reminder settings (look-ahead,
    #   stale period), 9 what the user's reminder would list (annotated)
    client.force_login(hr_lead)
    _get(client, reverse("my_actions"), django_assert_num_queries, SIGNED_IN + 6)


def test_owner_page_queries(client, hr_lead, data_size, django_assert_num_queries):
    # + 4 owners with action and overdue counts, 5 their responses (with action and theme)
    client.force_login(hr_lead)
    _get(client, reverse("owner_list"), django_assert_num_queries, SIGNED_IN + 2)


def test_action_page_queries(client, hr_lead, trust, data_size, django_assert_num_queries):
    # + the response (annotated, with action, theme, plan), owners, checklist items,
    #   progress updates (with author), response history (latest 21, with user), checklist
    #   history (latest 40), progress-update history (latest 20). The view's own "may the user
    #   edit?" check loads the permissions that SIGNED_IN counts, so the menu pays nothing more.
    client.force_login(hr_lead)
    _get(client, reverse("response_detail", args=[hw_response(trust).pk]), django_assert_num_queries, SIGNED_IN + 7)


# --- With four plans (the demo trust's People Plan, EDI plan, WDES and WRES plans) ------------------------


@pytest.mark.parametrize("query", ["?plan=nhs-edi-improvement-plan-2023", "?plan=ryv-wdes-2023-24&theme={theme}"])
def test_action_list_filtered_by_plan_and_theme_queries(client, hr_lead, data_size, query, django_assert_num_queries):
    # The same as unfiltered: the plan and theme choices are read once, for the form and the list alike.
    from actions.models import Theme

    theme = Theme.objects.get(plan__slug="ryv-wdes-2023-24", number=1).pk
    client.force_login(hr_lead)
    _get(client, reverse("action_list") + query.format(theme=theme), django_assert_num_queries, SIGNED_IN + 6)


def test_my_actions_of_one_plan_queries(client, hr_lead, trust, data_size, django_assert_num_queries):
    from actions.models import Response

    edi = Response.objects.filter(organisation=trust, action__theme__plan__slug="nhs-edi-improvement-plan-2023")
    for response in edi[:3]:
        own(response, hr_lead)
    client.force_login(hr_lead)
    url = reverse("my_actions") + "?plan=nhs-edi-improvement-plan-2023"
    # As my actions above: plans, the user's responses of the plan, owners, checklist items, the
    # reminder settings and what the user's reminder would list (every plan, as the e-mail).
    _get(client, url, django_assert_num_queries, SIGNED_IN + 6)


def test_action_page_of_an_edi_action_with_milestones_queries(
    client, hr_lead, trust, data_size, django_assert_num_queries
):
    # As for any action page: the milestones are read with the action (no query of their own).
    from actions.models import Response

    edi = Response.objects.get(
        organisation=trust, action__theme__plan__slug="nhs-edi-improvement-plan-2023", action__theme__number=2,
        action__ref=1,
    )  # fmt: skip
    client.force_login(hr_lead)
    _get(client, reverse("response_detail", args=[edi.pk]), django_assert_num_queries, SIGNED_IN + 7)


def test_report_page_over_four_plans_queries(
    client, board_member, trust, make_report, data_size, django_assert_num_queries
):
    # + 6 the report (with organisation and issuer), 7 its frozen lines, 8 each plan's previous issued
    #   report (one query for every plan), 9 those reports' lines. No permission check for an issued
    #   report's buttons. Four plans or one, more data or less: the same.
    import datetime

    from actions.models import Plan

    make_report(title="Earlier", as_at=datetime.date(2026, 1, 10), issue=True)
    report = make_report(
        title="Four plans", plans=list(Plan.objects.responded_by(trust)), as_at=datetime.date(2026, 1, 20), issue=True
    )
    client.force_login(board_member)
    _get(client, reverse("report_detail", args=[report.pk]), django_assert_num_queries, SIGNED_IN + 4)
