"""The action page reads one response's newest history through an index made for it.

``actions.history`` asks each history table for one object's newest rows (``WHERE id = …
ORDER BY history_date DESC, history_id DESC LIMIT n``). With only django-simple-history's own
indexes (``id`` and ``history_date`` apart), PostgreSQL walked the date index backwards over every
organisation's history once a national plan version had filled the table: 1.27 million rows read to
find 6, the action page 45 ms → 670 ms (``make bench``). Migration ``actions.0006`` adds one index per
table on (object, date, id); these tests read the database's own query plan for the very queries the
page makes.
"""

import pytest
from django.db import connection

from actions.history import _latest_history
from actions.models import AdditionalAction, ProgressUpdate, Response, ResponseOwner, history_manager
from tests.pages_helpers import hw_response

pytestmark = pytest.mark.django_db

QUERIES = [
    (Response, "id", "actions_historicalresponse_id_newest"),
    (AdditionalAction, "response_id", "actions_historicaladditionalaction_response_id_newest"),
    (ProgressUpdate, "response_id", "actions_historicalprogressupdate_response_id_newest"),
    (ResponseOwner, "response_id", "actions_historicalresponseowner_response_id_newest"),
]


def plan_of(queryset) -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # A test database is small enough for a sequential scan to win; forbid it, so that the
            # planner has to choose between the indexes, as it does on a national database.
            cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


@pytest.mark.parametrize("model, column, index", QUERIES, ids=[q[0].__name__ for q in QUERIES])
def test_one_objects_newest_history_is_read_through_its_own_index(trust, model, column, index):
    response = hw_response(trust)
    queryset = (
        history_manager(model)
        .filter(**{column: response.pk})
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:21]
    )
    plan = plan_of(queryset)
    assert index in plan, plan


def test_the_page_asks_exactly_those_queries(trust, django_assert_num_queries):
    """The queries planned above are the page's own: ``_latest_history`` builds them."""
    response = hw_response(trust)
    with django_assert_num_queries(1) as captured:
        _latest_history(Response, 21, id=response.pk)
    sql = captured.captured_queries[0]["sql"]
    assert 'WHERE "actions_historicalresponse"."id" = ' in sql
    order = '"actions_historicalresponse"."history_date" DESC, "actions_historicalresponse"."history_id" DESC'
    assert f"ORDER BY {order}" in sql
