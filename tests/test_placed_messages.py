"""Messages where people look (issue 19, point 6): an edit on the action page says what happened in an
NHS.UK notification banner just above the section it changed, where the redirect lands, and only there."""

from django.urls import reverse

from actions.models import Status
from tests.pages_helpers import add_item, hw_response


def _follow(client, url, data):
    """POST, then open the redirect as a browser does: (the anchor it lands on, the page's HTML)."""
    redirect = client.post(url, data)
    assert redirect.status_code == 302, redirect.status_code
    path, _, anchor = redirect["Location"].partition("#")
    return anchor, client.get(path).content.decode()


def _banner(html, section):
    start = html.index(f'id="banner-{section}"')
    return html[html.rindex("<div", 0, start) : html.index("</div>\n</div>", start)]


def test_a_progress_update_is_confirmed_above_the_progress_section_and_not_at_the_top(client, hr_lead, trust):
    response = hw_response(trust)
    client.force_login(hr_lead)
    anchor, html = _follow(
        client,
        reverse("response_record_update", args=[response.pk]),
        {"update-revision": response.revision, "update-status": Status.ON_TRACK, "update-note": "Guardians met"},
    )
    assert anchor == "banner-progress"
    banner = _banner(html, "progress")
    assert "nhsuk-notification-banner--success" in banner and 'role="alert"' in banner and 'tabindex="-1"' in banner
    assert "Success" in banner and "Your progress update has been recorded." in banner
    assert html.count("Your progress update has been recorded.") == 1  # not repeated at the top
    assert html.index('id="banner-progress"') < html.index('id="progress"')  # just above the section
    assert "app-message" not in html


def test_marking_an_item_done_is_confirmed_above_the_checklist(client, hr_lead, trust):
    response = hw_response(trust)
    item = add_item(response, "Publish the wellbeing offer")
    client.force_login(hr_lead)
    anchor, html = _follow(
        client, reverse("checklist_set_done", args=[response.pk, item.pk]), {"done": "true", "revision": item.revision}
    )
    assert anchor == "banner-checklist"
    assert "“Publish the wellbeing offer” marked as done." in _banner(html, "checklist")
    assert html.count("marked as done.") == 1
    assert 'id="banner-progress"' not in html


def test_an_item_changed_by_someone_else_is_an_important_banner_at_the_checklist(client, hr_lead, trust):
    response = hw_response(trust)
    item = add_item(response, "Publish the wellbeing offer")
    client.force_login(hr_lead)
    anchor, html = _follow(
        client, reverse("checklist_set_done", args=[response.pk, item.pk]), {"done": "true", "revision": 999}
    )
    banner = _banner(html, "checklist")
    assert anchor == "banner-checklist"
    assert "nhsuk-notification-banner--success" not in banner and "Important" in banner
    assert "was changed by someone else" in banner and "nothing was saved" in banner


def test_a_due_date_is_confirmed_above_the_local_section(client, hr_lead, trust):
    response = hw_response(trust)
    client.force_login(hr_lead)
    anchor, html = _follow(
        client,
        reverse("response_set_due_date", args=[response.pk]),
        {"due-revision": response.revision, "due-local_due_date": "2027-03-31"},
    )
    assert anchor == "banner-status"
    assert "The local due date has been saved." in _banner(html, "status")


def test_messages_of_other_pages_still_show_at_the_top(client, secretary, make_report):
    report = make_report()
    client.force_login(secretary)
    client.post(reverse("report_refresh", args=[report.pk]))
    html = client.get(reverse("report_detail", args=[report.pk])).content.decode()
    assert "app-message" in html and "Draft refreshed" in html
