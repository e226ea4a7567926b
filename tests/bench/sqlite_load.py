"""The load phase on SQLite, the embedded default ``make run`` serves: ``python -m tests.bench.sqlite_load``.

Runs in a child process of its own (Django is configured once per process): a fresh file
``bench-data/load.sqlite3`` with the project's own SQLite settings (``peopleplan/settings.py``:
write-ahead log, busy timeout, ``BEGIN IMMEDIATE``), migrated, ``--organisations`` generated
trusts, then our journey (:mod:`tests.bench.journeys`) from one client per trust against
gunicorn (``gunicorn.conf.py``). Prints the result as one JSON line.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from .database import REPO_ROOT

SQLITE_LOAD_PATH = REPO_ROOT / "bench-data" / "load.sqlite3"


def fresh_database(path: Path) -> None:
    path.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.sqlite_load", description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--updates-per-response", type=int, default=24)
    parser.add_argument("--max-rounds", type=int, default=2000, help="At most this many rounds a client.")
    parser.add_argument("--path", default=str(SQLITE_LOAD_PATH))
    args = parser.parse_args(argv)
    fresh_database(Path(args.path))
    os.environ["DATABASE_URL"] = f"sqlite:///{args.path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.bench.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from . import load
    from .exports import bench_organisations
    from .scale_data import generate

    generate(organisations=args.clients, updates_per_response=args.updates_per_response)
    trusts = bench_organisations()[: args.clients]
    users = [(o.memberships.select_related("user").first().user, o) for o in trusts]
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]
    result = load.run_load(
        users=users, clients=args.clients, seconds=args.seconds, peers=("ours",), slices=1, max_rounds=args.max_rounds
    )
    result["journal_mode"] = journal_mode
    result["clients"] = len(users)
    print(json.dumps(result))
    return 0


def run_in_child(
    *, seconds: float, clients: int = 20, updates_per_response: int = 24, max_rounds: int = 2000, path=None
) -> dict:
    """Run :func:`main` in a child process (its own Django, its own database); returns its result."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    command = [
        sys.executable,
        "-m",
        "tests.bench.sqlite_load",
        "--clients",
        str(clients),
        "--seconds",
        str(seconds),
        "--updates-per-response",
        str(updates_per_response),
        "--max-rounds",
        str(max_rounds),
        "--path",
        str(path or SQLITE_LOAD_PATH),
    ]
    done = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError("the SQLite load phase failed: " + done.stderr[-1500:])
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    sys.exit(main())
