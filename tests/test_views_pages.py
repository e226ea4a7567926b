"""The read pages: dashboard, action list, my actions, owners — what a signed-in user sees."""

from django.urls import reverse

from actions.models import Status
from tests.pages_helpers import add_item, add_update, hw_response, make_due_soon, make_overdue, own


def test_every_page_needs_sign_in(client, db):
    for name in ["dashboard", "action_list", "my_actions", "owner_list"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_dashboard_counts_responses_by_theme_and_status(client, hr_lead, trust):
    make_overdue(hw_response(trust), status=Status.OFF_TRACK)
    client.force_login(hr_lead)
    page = client.get(reverse("dashboard"))
    assert page.status_code == 200
    themes = {t["name"]: t for t in page.context["themes"]}
    assert themes["Health and wellbeing"]["counts"][Status.OFF_TRACK] >= 1
    assert sum(t["total"] for t in page.context["themes"]) == page.context["grand_total"]
    html = page.content.decode()
    assert "The table below gives the same figures" in html  # the chart's text alternative
    assert "Off track" in html


def test_dashboard_lists_overdue_and_due_soon_actions(client, hr_lead, trust):
    overdue = make_overdue(hw_response(trust, ref=2), days=4000)  # older than every plan's own due dates
    soon = make_due_soon(hw_response(trust, ref=3))
    client.force_login(hr_lead)
    page = client.get(reverse("dashboard"))
    assert overdue in page.context["overdue"]
    assert page.context["due_soon_count"] >= 1
    assert soon in page.context["due_soon"]
    assert reverse("response_detail", args=[soon.pk]) in page.content.decode()


def test_dashboard_shows_an_empty_state_when_nothing_is_due_soon(client, hr_lead):
    client.force_login(hr_lead)
    page = client.get(reverse("dashboard"))
    assert page.context["due_soon_count"] == 0
    assert "Nothing is due in the next 60 days" in page.content.decode()


def test_dashboard_shows_latest_updates_newest_first(client, hr_lead, trust):
    response = hw_response(trust)
    add_update(response, hr_lead, "Older note", days_ago=5)
    add_update(response, hr_lead, "Newest note from the HR lead", days_ago=0)
    client.force_login(hr_lead)
    notes = [u.note for u in client.get(reverse("dashboard")).context["latest_updates"]]
    assert notes[0] == "Newest note from the HR lead"


def test_action_list_filters_by_theme_overdue_and_text(client, hr_lead, trust):
    target = make_overdue(hw_response(trust))
    add_item(target, "Appoint a wellbeing guardian zebra")
    client.force_login(hr_lead)
    theme = target.action.theme_id
    page = client.get(reverse("action_list"), {"theme": theme, "overdue": "on"})
    shown = list(page.context["page_obj"])
    assert target in shown
    assert all(r.action.theme_id == theme and r.is_overdue for r in shown)
    page = client.get(reverse("action_list"), {"q": "wellbeing guardian zebra"})
    assert list(page.context["page_obj"]) == [target]


def test_action_list_keeps_filters_in_sort_links_and_pagination(client, hr_lead):
    client.force_login(hr_lead)
    page = client.get(reverse("action_list"), {"status": ["not_started", "for_noting"], "sort": "due"})
    html = page.content.decode()
    assert "status=not_started&amp;status=for_noting" in html
    assert page.context["page_obj"].paginator.count > 25
    assert "page=2" in html and 'aria-sort="ascending"' in html


def test_action_list_shows_exactly_what_response_list_returns(client, hr_lead, trust):
    from django.http import QueryDict

    from actions.selectors import response_list

    client.force_login(hr_lead)
    query = "status=for_noting&status=at_risk&sort=-ref"
    page = client.get(reverse("action_list") + "?" + query)
    expected = list(response_list(organisation=trust, filters=QueryDict(query))[:25])
    assert list(page.context["page_obj"]) == expected


def test_action_list_shows_a_download_link_only_when_the_export_exists(client, hr_lead):
    from django.urls import NoReverseMatch

    client.force_login(hr_lead)
    html = client.get(reverse("action_list"), {"overdue": "on"}).content.decode()
    try:
        export = reverse("action_list_export")
    except NoReverseMatch:
        assert "Download workbook" not in html
    else:
        assert f"{export}?overdue=on" in html


def test_action_list_reports_a_bad_date_in_the_error_summary(client, hr_lead):
    client.force_login(hr_lead)
    html = client.get(reverse("action_list"), {"due_before": "not-a-date"}).content.decode()
    assert "There is a problem" in html
    assert 'href="#id_due_before-day"' in html
    assert "The ‘due on or before’ date must be a real date" in html


def test_my_actions_lists_the_users_actions_overdue_first(client, hr_lead, trust):
    late = make_overdue(hw_response(trust, ref=4))
    own(late, hr_lead, lead=False)
    client.force_login(hr_lead)
    page = client.get(reverse("my_actions"))
    responses = page.context["responses"]
    assert late in responses
    flags = [r.is_overdue for r in responses]
    assert flags == sorted(flags, reverse=True)  # overdue first
    assert all(any(ro.owner.user_id == hr_lead.pk for ro in r.owner_list) for r in responses)


def test_my_actions_is_empty_for_a_user_who_owns_nothing(client, board_member, hr_lead):
    from actions.models import ResponseOwner

    client.force_login(board_member)
    page = client.get(reverse("my_actions"))
    assert page.context["responses"] == []
    assert "Your role is read only" in page.content.decode()  # a read-only role is told what it can do
    ResponseOwner.objects.filter(owner__user=hr_lead).delete()
    client.force_login(hr_lead)
    page = client.get(reverse("my_actions"))
    assert page.context["responses"] == []
    assert "You are not an owner of any action" in page.content.decode()


def test_owners_page_counts_each_owners_overdue_actions(client, hr_lead, trust):
    late = make_overdue(hw_response(trust, ref=5))
    owner = own(late, hr_lead)
    client.force_login(hr_lead)
    page = client.get(reverse("owner_list"))
    summary = next(o for o in page.context["owners"] if o.pk == owner.pk)
    assert summary.overdue_count >= 1
    assert late.pk in [ro.response_id for ro in summary.responses_held]
    assert summary.responses_held[0].is_lead


def test_other_trusts_user_sees_none_of_this_trusts_data(client, other_hr, trust, other_trust):
    ours = make_overdue(hw_response(trust))
    add_update(ours, None, "A note only the demo trust may read")
    client.force_login(other_hr)
    dashboard = client.get(reverse("dashboard"))
    assert ours not in dashboard.context["overdue"]
    assert "A note only the demo trust may read" not in dashboard.content.decode()
    listed = client.get(reverse("action_list"), {"overdue": "on"}).context["page_obj"]
    assert all(r.organisation_id == other_trust.pk for r in listed)
    assert all(o.organisation_id == other_trust.pk for o in client.get(reverse("owner_list")).context["owners"])


def test_owners_page_marks_each_overdue_action(client, hr_lead, trust):
    late = make_overdue(hw_response(trust, ref=6))
    owner = own(late, hr_lead)
    client.force_login(hr_lead)
    summary = next(o for o in client.get(reverse("owner_list")).context["owners"] if o.pk == owner.pk)
    flags = {ro.response_id: ro.is_overdue for ro in summary.responses_held}
    assert flags[late.pk] is True
    assert summary.overdue_count == sum(flags.values())


def test_action_list_filter_choices_say_what_an_empty_choice_means(client, hr_lead):
    client.force_login(hr_lead)
    html = client.get(reverse("action_list")).content.decode()
    assert '<option value="" selected>All themes</option>' in html
    assert '<option value="" selected>All owners</option>' in html
    assert '<option value="" selected>Anyone</option>' in html
    assert "---------" not in html
