"""The write path, pinned: the queries of one saved update, and an action page bounded in queries
and time whether a response has 24 progress updates or 1,000.

The page shows the newest ten updates (``?progress=N`` pages back through older ones), with the
number of updates counted in the response's own query, so its query count never grows.
"""

import datetime
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from actions.models import ProgressUpdate, Status
from actions.selectors import PROGRESS_PAGE_SIZE
from tests.pages_helpers import hw_response
from tests.test_queries_pages import SIGNED_IN


def add_updates(response, user, count):
    """``count`` dated updates, newest last, inserted in bulk (no history rows: nobody edited them)."""
    today = timezone.localdate()
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            response=response,
            author=user,
            status=Status.ON_TRACK,
            note=f"Update number {n}",
            date=today - datetime.timedelta(days=count - n),
        )
        for n in range(1, count + 1)
    )


@pytest.fixture
def response(trust):
    return hw_response(trust)


def post_update(client, response, note="Risk assessments done"):
    return client.post(
        reverse("response_record_update", args=[response.pk]),
        {"update-revision": response.revision, "update-status": Status.AT_RISK, "update-note": note},
    )


def test_saving_an_update_costs_thirteen_queries(client, hr_lead, response, django_assert_num_queries):
    # SIGNED_IN (session, user, membership, the user's and the groups' permissions: may they edit?)
    # + 6 the response, scoped to the organisation; then one transaction (a savepoint here, inside the
    #   test's own transaction): 7 savepoint, 8 the conditional UPDATE (revision, status, who, when),
    #   9 the response as saved, 10 its history row, 11 the progress update, 12 its history row,
    #   13 release. (Before: a second UPDATE for the status and two queries proving that the response
    #   and the user just loaded exist — 16.)
    client.force_login(hr_lead)
    post_update(client, response, "warm-up")  # anything cached per process is cached now
    response.refresh_from_db()
    with django_assert_num_queries(SIGNED_IN + 8):
        answer = post_update(client, response)
    assert answer.status_code == 302
    response.refresh_from_db()
    assert response.status == Status.AT_RISK and response.updates.filter(note="Risk assessments done").exists()
    latest = response.history.order_by("-history_id").first()
    assert (latest.history_type, latest.status, latest.history_user) == ("~", Status.AT_RISK, hr_lead)


def page_queries_and_seconds(client, response, django_assert_num_queries, expected, *, repeats=7):
    """The page's queries (asserted) and the CPU time of its fastest render of ``repeats``: CPU time of this
    process (the view, the template, and SQLite when it is the database), so that other work on a busy
    machine does not count, and the fastest, the least disturbed."""
    url = reverse("response_detail", args=[response.pk])
    client.get(url)
    with django_assert_num_queries(expected):
        page = client.get(url)
    assert page.status_code == 200
    fastest = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        client.get(url)
        fastest = min(fastest, time.process_time() - started)
    return page, fastest


# SIGNED_IN + the response (annotated: due, overdue, number of updates; with action, theme, plan),
# owners, checklist items, one page of progress updates (with author), response history (latest 21),
# checklist history (latest 40), progress-update history (latest 20).
ACTION_PAGE_QUERIES = SIGNED_IN + 7


def test_action_page_with_1000_updates_costs_the_queries_and_time_of_one_with_24(
    client, hr_lead, trust, django_assert_num_queries
):
    small, large = hw_response(trust), hw_response(trust, ref=2)
    add_updates(small, hr_lead, 24)
    add_updates(large, hr_lead, 1000)
    client.force_login(hr_lead)
    timings = {"small": [], "large": []}
    for _ in range(4):  # interleaved, so that a burst of load elsewhere falls on both
        for name, response in (("small", small), ("large", large)):
            page, seconds = page_queries_and_seconds(client, response, django_assert_num_queries, ACTION_PAGE_QUERIES)
            timings[name].append(seconds)
            assert len(page.context["updates"].updates) == PROGRESS_PAGE_SIZE
    assert min(timings["large"]) <= 1.5 * min(timings["small"]), timings
    html = page.content.decode()
    assert "Progress (1000)" in html and "Update number 1000" in html and "Update number 990" not in html
    assert "Page 2 of 100" in html


def test_older_updates_are_a_page_away_newest_first(client, hr_lead, response):
    add_updates(response, hr_lead, 24)
    client.force_login(hr_lead)
    url = reverse("response_detail", args=[response.pk])
    first = client.get(url).context["updates"]
    assert [u.note for u in first.updates][:2] == ["Update number 24", "Update number 23"]
    assert (first.number, first.num_pages, first.total, first.has_previous, first.has_next) == (1, 3, 24, False, True)
    last = client.get(url + "?progress=3")
    assert [u.note for u in last.context["updates"].updates] == [
        "Update number 4",
        "Update number 3",
        "Update number 2",
        "Update number 1",
    ]
    html = last.content.decode()
    assert 'href="?progress=2#progress"' in html and "Newer updates" in html and "Older updates" not in html


@pytest.mark.parametrize("asked", ["0", "99", "x", "-1"])
def test_a_page_number_out_of_range_shows_the_nearest_page(client, hr_lead, response, asked):
    add_updates(response, hr_lead, 12)
    client.force_login(hr_lead)
    page = client.get(reverse("response_detail", args=[response.pk]) + f"?progress={asked}")
    assert page.status_code == 200
    assert page.context["updates"].number == (2 if asked == "99" else 1)
