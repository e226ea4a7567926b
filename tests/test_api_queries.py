"""Query counts of the API are pinned and flat: the same at two data sizes (10 and 40 responses grown
with owners, checklist items and progress updates), with a key and signed in."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reports.models import BoardReport
from tests.api_helpers import clear_rate_limits, key_client, new_key
from tests.pages_helpers import grow

pytestmark = pytest.mark.django_db
# A key: 1 the key (with its organisation). "Last used" is written at most once a minute: not here.
KEY = 1
# Signed in: 1 session, 2 user, 3 membership with its organisation.
SESSION = 3
# Permissions (the feed's download check): the user's own and their groups'.
PERMISSIONS = 2

# Per endpoint, after authentication (the caller's organisations are a subquery, never a query):
EXPECTED = {
    "api:plan-list": 3,  # count, plans, their versions
    "api:theme-list": 2,  # count, themes (with plan)
    "api:action-list": 2,  # count, actions (with theme, plan, organisation, versions)
    "api:organisation-list": 2,  # count, organisations (with parent)
    "api:response-list": 4,  # count, responses (annotated as the action list), owners, checklist items
    "api:update-list": 2,  # count, updates (with author and organisation)
    "api:report-list": 3,  # count, issued reports (with organisation, line count), their plans
    "report-lines": 4,  # the report (and its plans), count, its lines
    "feed": 5,  # organisation, plan, responses (annotated), owners, checklist items — one chunk of rows
}


@pytest.fixture(params=[10, 40], ids=["10-grown", "40-grown"])
def data_size(request, trust, hr_lead, secretary, make_report):
    grow(trust, [hr_lead, secretary], n=request.param)
    make_report(issue=True)
    clear_rate_limits()
    return request.param


def _url(name):
    if name == "report-lines":
        return reverse("api:report-lines", args=[BoardReport.objects.issued().get().pk])
    if name == "feed":
        return reverse("api:feed-csv", args=["RYV"])
    return reverse(name) + "?page_size=200"


def _count(client, url) -> int:
    client.get(url)  # warm what is cached per process (content types)
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url)
        assert answer.status_code == 200, url
        if answer.streaming:
            b"".join(answer.streaming_content)
    return len(queries)


def test_every_endpoint_with_a_key_and_signed_in(trust, client, hr_lead, data_size):
    signed_in = client
    signed_in.force_login(hr_lead, backend="django.contrib.auth.backends.ModelBackend")
    with_key = key_client(new_key(trust))
    got, expected = {}, {}
    for name, queries in EXPECTED.items():
        got[(name, "key")] = _count(with_key, _url(name))
        expected[(name, "key")] = KEY + queries
        got[(name, "signed in")] = _count(signed_in, _url(name))
        expected[(name, "signed in")] = SESSION + (PERMISSIONS if name == "feed" else 0) + queries
    assert got == expected
