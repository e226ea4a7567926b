"""Concurrent writers against a SQLite file: ``python -m tests.sqlite_writers PATH --writers 10 --rounds 20``.

Run by ``tests/test_sqlite_concurrency.py`` in a child process, so that Django is configured
with the project's own settings for a database *file* (the test suite's own database is in
memory, where none of this applies). Migrates a fresh database at PATH, generates one trust
per writer, then starts every writer at once: each is a signed-in HR lead (Django's test
client, so every request goes through the middleware, the view and the service) who, for a
bounded number of rounds, records a progress update on one of its trust's responses (at the
revision it read) and adds a checklist item (a transaction that reads, then writes).

Prints one JSON line: the journal mode, the accepted posts, the errors (and a sample), and
how many of the accepted writes are in the database afterwards.
"""

import argparse
import json
import os
import sys
import threading
from pathlib import Path


def fresh(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    fresh(Path(args.path))
    os.environ["DATABASE_URL"] = f"sqlite:///{args.path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "peopleplan.settings_test"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "CRITICAL")  # failures are counted, not printed
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from tests.bench.scale_data import generate

    generate(organisations=args.writers, updates_per_response=0, local_actions=0)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]
    result = run_writers(args.writers, args.rounds)
    result["journal_mode"] = journal_mode
    print(json.dumps(result))
    return 0


def run_writers(writers: int, rounds: int) -> dict:
    from django.db import connections
    from django.test import Client
    from django.urls import reverse

    from actions.models import AdditionalAction, ProgressUpdate, Response
    from tests.bench.exports import bench_organisations
    from tests.bench.pages import MODEL_BACKEND

    organisations = bench_organisations()[:writers]
    users = [o.memberships.select_related("user").first().user for o in organisations]
    pks = [list(Response.objects.of(o).order_by("pk").values_list("pk", flat=True)[:5]) for o in organisations]
    connections.close_all()
    lock, barrier = threading.Lock(), threading.Barrier(writers)
    accepted, errors = {"updates": 0, "items": 0}, []

    def post(client, url, data, kind):
        try:
            answer = client.post(url, data)
        except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
            with lock:
                errors.append(f"{kind}: {exc!r}"[:200])
            return
        with lock:
            if answer.status_code == 302:
                accepted[kind] += 1
            else:
                errors.append(f"{kind}: HTTP {answer.status_code}")

    def writer(index):
        try:
            client = Client(raise_request_exception=True)
            client.force_login(users[index], backend=MODEL_BACKEND)
            barrier.wait()
            for n in range(rounds):
                pk = pks[index][n % len(pks[index])]
                revision = Response.objects.values_list("revision", flat=True).get(pk=pk)
                update = {"update-revision": revision, "update-status": "on_track", "update-note": f"w {index}-{n}"}
                post(client, reverse("response_record_update", args=[pk]), update, "updates")
                post(client, reverse("checklist_add", args=[pk]), {"item-text": f"w {index}-{n}"}, "items")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    found = {
        "updates": ProgressUpdate.objects.filter(note__startswith="w ").count(),
        "items": AdditionalAction.objects.filter(text__startswith="w ").count(),
    }
    return {"accepted": accepted, "found": found, "errors": len(errors), "error_sample": errors[:5]}


if __name__ == "__main__":
    sys.exit(main())
