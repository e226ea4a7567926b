"""No lost checklist edits: concurrent edits and adds of one response's checklist, from real threads
against PostgreSQL (as tests/test_concurrency.py does for progress updates). Skipped on SQLite."""

import threading

import pytest
from django.db import connection, connections

from actions import services
from actions.models import AdditionalAction, Response
from actions.services import checklist_item_add, checklist_item_edit, checklist_item_set_done

ChecklistConflict = getattr(services, "ChecklistConflict", LookupError)  # (so the file also runs on older code)

THREADS = 12


def run_together(work):
    barrier = threading.Barrier(THREADS)
    results, errors = [], []

    def body(n):
        try:
            barrier.wait()
            results.append(work(n))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=body, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def setup():
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent connections (PostgreSQL); runs in make test-postgres")
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="hr.lead")
    response = Response.objects.get(
        organisation__ods_code="RYV",
        action__theme__plan__slug="people-plan-2020-21",
        action__theme__number=1,
        action__ref=5,
    )
    return user, response


@pytest.mark.django_db(transaction=True)
def test_concurrent_edits_of_one_revision_accept_one_and_refuse_the_rest(demo_transactional):
    user, response = setup()
    item = checklist_item_add(response=response, user=user, text="Original")
    revision = item.revision

    def edit(n):
        try:
            checklist_item_edit(item=item, user=user, text=f"edit {n}", expected_revision=revision)
            return ("accepted", n)
        except ChecklistConflict:
            return ("refused", n)

    results, errors = run_together(edit)
    assert errors == []
    accepted = [n for kind, n in results if kind == "accepted"]
    assert len(accepted) == 1 and len(results) == THREADS
    item.refresh_from_db()
    assert item.text == f"edit {accepted[0]}" and item.revision == revision + 1
    assert item.history.filter(text__startswith="edit ").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_done_ticks_of_one_revision_accept_one(demo_transactional):
    user, response = setup()
    item = checklist_item_add(response=response, user=user, text="Tick me")
    revision = item.revision

    def tick(n):
        try:
            checklist_item_set_done(item=item, user=user, done=n % 2 == 0, expected_revision=revision)
            return "accepted"
        except ChecklistConflict:
            return "refused"

    results, errors = run_together(tick)
    assert errors == [] and results.count("accepted") == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_adds_are_all_kept_with_distinct_orders(demo_transactional):
    user, response = setup()
    before = AdditionalAction.objects.filter(response=response).count()
    results, errors = run_together(lambda n: checklist_item_add(response=response, user=user, text=f"add {n}").pk)
    assert errors == []
    orders = list(AdditionalAction.objects.filter(response=response).values_list("order", flat=True))
    assert len(orders) == before + THREADS
    assert len(set(orders)) == len(orders)
