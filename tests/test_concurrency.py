"""No lost updates: concurrent saves of one response, from real threads against PostgreSQL.

Every accepted change is recorded; every refused one is told so (EditConflict).
"""

import threading

import pytest
from django.db import connection, connections

from actions.models import ProgressUpdate, Response, Status
from actions.services import EditConflict, response_record_update

THREADS = 8


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_of_the_same_revision_accept_one_and_refuse_the_rest(demo_transactional):
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
    revision = response.revision
    barrier = threading.Barrier(THREADS)
    accepted, refused, errors = [], [], []

    def save(n):
        try:
            barrier.wait()
            response_record_update(
                response=response, user=user, status=Status.ON_TRACK, note=f"note {n}", expected_revision=revision
            )
            accepted.append(n)
        except EditConflict:
            refused.append(n)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(accepted) == 1 and len(refused) == THREADS - 1
    notes = list(ProgressUpdate.objects.filter(response=response).values_list("note", flat=True))
    assert notes == [f"note {accepted[0]}"]
    response.refresh_from_db()
    assert response.revision == revision + 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_that_each_reload_first_are_all_recorded(demo_transactional):
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
    barrier = threading.Barrier(THREADS)
    accepted, errors = [], []

    def save(n):
        try:
            barrier.wait()
            for _attempt in range(50):  # a user who is refused reloads and saves again
                fresh = Response.objects.get(pk=response.pk)
                try:
                    response_record_update(
                        response=fresh,
                        user=user,
                        status=Status.ON_TRACK,
                        note=f"note {n}",
                        expected_revision=fresh.revision,
                    )
                    accepted.append(n)
                    return
                except EditConflict:
                    continue
        except Exception as exc:  # pragma: no cover
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(accepted) == list(range(THREADS))
    assert ProgressUpdate.objects.filter(response=response).count() == THREADS
    response.refresh_from_db()
    assert response.revision == 1 + THREADS
    assert response.history.count() >= THREADS
