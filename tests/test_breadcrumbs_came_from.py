"""Issue 19, point 8 (breadcrumbs): an action page leads back to where the person came from, and the
``from`` it is given can never send anyone off the site."""

import re
from urllib.parse import quote

import pytest
from django.urls import reverse

from actions.models import Theme
from tests.pages_helpers import hw_response, own

pytestmark = pytest.mark.django_db


@pytest.fixture
def response(trust):
    return hw_response(trust)


def crumbs(html):
    """(breadcrumb links, back link) of a page, as (href, text)."""
    nav = html.split('aria-label="Breadcrumb"')[1].split("</nav>")[0]
    links = re.findall(r'class="nhsuk-breadcrumb__link" href="([^"]*)">([^<]*)<', nav)
    back = re.search(
        r'class="nhsuk-back-link" href="([^"]*)"><span class="nhsuk-u-visually-hidden">Back to </span>([^<]*)<', nav
    )
    return links, (back.group(1), back.group(2))


def action_page(client, response, came_from):
    url = reverse("response_detail", args=[response.pk])
    return client.get(f"{url}?from={quote(came_from, safe='')}").content.decode()


def unescape(text):
    return text.replace("&amp;", "&").replace("&#x27;", "'").replace("&quot;", '"')


def test_every_list_links_to_the_action_page_with_where_it_is(client, hr_lead, response):
    own(response, hr_lead)
    client.force_login(hr_lead)
    for name in ("dashboard", "my_actions", "action_list"):
        html = client.get(reverse(name)).content.decode()
        here = quote(reverse(name), safe="")
        assert f"/actions/{response.pk}/?from={here}" in html or f"?from={here}" in html, name


@pytest.mark.parametrize(
    "came_from, text",
    [
        ("/", "Dashboard"),
        ("/actions/mine/", "My actions"),
        ("/actions/?q=wellbeing", "Search results for “wellbeing”"),
        ("/actions/?status=at_risk", "Actions (filtered)"),
    ],
)
def test_the_breadcrumb_leads_back_to_the_page_it_came_from(client, hr_lead, response, came_from, text):
    client.force_login(hr_lead)
    links, back = crumbs(action_page(client, response, came_from))
    assert (unescape(back[0]), back[1]) == (came_from, text)
    assert (unescape(links[-1][0]), links[-1][1]) == (came_from, text)
    if came_from != "/":
        assert links[0] == ("/", "Dashboard")


def test_a_theme_is_named_in_the_breadcrumb(client, hr_lead, response):
    theme = Theme.objects.get(pk=response.action.theme_id)
    client.force_login(hr_lead)
    came_from = f"/actions/?plan={theme.plan.slug}&theme={theme.pk}"
    _, back = crumbs(action_page(client, response, came_from))
    assert (unescape(back[0]), back[1]) == (came_from, f"Actions: {theme.name}")


def test_a_system_lead_goes_back_to_the_roll_up(client, system_lead, system, response):
    client.force_login(system_lead)
    came_from = reverse("rollup_exceptions", args=[system.ods_code])
    _, back = crumbs(action_page(client, response, came_from))
    assert back == (came_from, f"Exceptions: {system.name}")
    # The roll-up's own links carry it.
    html = client.get(came_from).content.decode()
    assert f"?from={quote(came_from, safe='')}" in html


@pytest.mark.parametrize(
    "hostile",
    [
        "https://evil.example/",
        "//evil.example/actions/",
        "/\\evil.example",
        "javascript:alert(1)",
        "/admin/",
        "/accounts/logout/",
        "/no/such/page/",
        "",
        "/actions/\n/",
    ],
)
def test_a_from_that_is_not_one_of_our_pages_is_ignored(client, hr_lead, response, hostile):
    client.force_login(hr_lead)
    html = action_page(client, response, hostile)
    _, back = crumbs(html)
    assert back == (reverse("action_list"), "Actions")  # the page's usual way back
    assert "evil.example" not in html and "javascript:" not in html


def test_the_way_back_survives_a_progress_update(client, hr_lead, response):
    client.force_login(hr_lead)
    came_from = "/actions/mine/"
    html = action_page(client, response, came_from)
    action = re.search(r'action="([^"]*/update/[^"]*)"', html).group(1)
    assert action.endswith(f"?from={quote(came_from, safe='')}")
    posted = client.post(
        unescape(action),
        {"update-revision": response.revision, "update-status": "on_track", "update-note": "Done a step"},
    )
    assert posted.status_code == 302
    assert posted["Location"] == f"/actions/{response.pk}/?from={quote(came_from, safe='')}#banner-progress"
