"""The benchmark harness's page measurements find pages by URL name and fill their arguments.

The real action list, my actions and action pages are built on other branches, so
these tests serve stand-ins (this module is their URLconf) with the names and shapes
the harness expects: the harness must measure them, and call missing ones unavailable.
"""

import pytest
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template import engines
from django.urls import include, path

from actions.models import Response
from actions.selectors import response_list
from actions.services import EditConflict, response_record_update
from owners.access import require_organisation
from tests.bench import pages
from tests.bench.report import PAGES
from tests.bench.scale_data import generate, hr_lead_username

ACTION_PAGE = """<html><body><h1>{{ response.action }}</h1>
<form method="post" action="{{ request.path }}">{% csrf_token %}
<input type="hidden" name="revision" value="{{ response.revision }}">
<select name="status"><option value="on_track">On track</option></select>
<textarea name="note"></textarea><button>Save</button></form></body></html>"""


def stand_in_list(request):
    organisation = require_organisation(request.user)
    rows = list(response_list(organisation=organisation, filters=request.GET)[:50])
    return HttpResponse("".join(f"<p>{r.action} {r.status}</p>" for r in rows))


def stand_in_action_page(request, pk):
    response = get_object_or_404(Response, pk=pk, organisation=require_organisation(request.user))
    if request.method == "POST":
        try:
            response_record_update(
                response=response,
                user=request.user,
                status=request.POST["status"],
                note=request.POST["note"],
                expected_revision=int(request.POST["revision"]),
            )
        except (EditConflict, ValidationError):
            pass
        else:
            return HttpResponseRedirect(request.path)
    template = engines["django"].from_string(ACTION_PAGE)
    return HttpResponse(template.render({"response": response}, request))


urlpatterns = [
    path("actions/", stand_in_list, name="action_list"),
    path("actions/<int:pk>/", stand_in_action_page, name="action_page"),
    path("", include("peopleplan.urls")),
]


@pytest.fixture
def bench_trust(db):
    generate(organisations=1, updates_per_response=2, local_actions=2)
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=hr_lead_username(1))
    return user, user.membership.organisation


def test_pages_missing_on_this_branch_are_reported_unavailable_not_failed(bench_trust):
    user, organisation = bench_trust
    counts = pages.page_query_counts(user=user, organisation=organisation, pages=["dashboard", "not_built_yet"])
    assert isinstance(counts["dashboard"], int) and counts["dashboard"] > 0
    assert isinstance(counts["not_built_yet"], pages.Unavailable)
    assert "not_built_yet" in str(counts["not_built_yet"])


def test_every_page_of_the_issue_is_measured(bench_trust):
    user, organisation = bench_trust
    counts = pages.page_query_counts(user=user, organisation=organisation)
    assert set(counts) == set(PAGES) == {"dashboard", "action_list", "my_actions", "action_page", "report_page"}


@pytest.mark.urls(__name__)
def test_pages_that_exist_are_measured_with_their_arguments_filled_from_the_users_organisation(bench_trust):
    user, organisation = bench_trust
    url = pages.page_url("action_page", user=user, organisation=organisation)
    first = Response.objects.filter(organisation=organisation).order_by("action__theme__number", "action__ref")[0]
    assert url == f"/actions/{first.pk}/"
    counts = pages.page_query_counts(user=user, organisation=organisation)
    assert all(isinstance(counts[name], int) for name in ["dashboard", "action_list", "action_page"])


@pytest.mark.urls(__name__)
def test_list_and_admin_changelist_are_timed_interleaved(bench_trust):
    user, organisation = bench_trust
    ours, admin_url = pages.list_urls(organisation=organisation)
    assert ours == "/actions/?status=on_track&status=at_risk"
    assert admin_url.startswith("/admin/actions/response/?organisation__id__exact=")
    timings = pages.list_vs_admin(user=user, organisation=organisation, rounds=3, warmup=1)
    assert timings["rounds"] == 3
    assert timings["ours_p50"] > 0 and timings["admin_p50"] > 0
