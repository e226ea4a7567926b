"""The embedded default holds under concurrent use: 10 writers at once against a SQLite *file*.

The suite's own database is SQLite in memory (or PostgreSQL), where file locking does not
arise, so ``tests.sqlite_writers`` runs in a child process with the project's settings
pointed at a fresh file. Every writer is a signed-in HR lead posting through the real views:
a progress update (at the revision it read) and a checklist item (a transaction that reads
before it writes), for a bounded number of rounds. Before WAL, the busy timeout and
``BEGIN IMMEDIATE`` (``peopleplan/settings.py``), the same run failed hundreds of those
posts with "database is locked".
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WRITERS = 10
ROUNDS = 10


def run_writers(path, writers=WRITERS, rounds=ROUNDS):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    command = [sys.executable, "-m", "tests.sqlite_writers", str(path), "--writers", str(writers)]
    done = subprocess.run(
        [*command, "--rounds", str(rounds)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_ten_concurrent_writers_on_a_sqlite_file_lose_nothing_and_see_no_errors(tmp_path):
    result = run_writers(tmp_path / "writers.sqlite3")
    assert result["journal_mode"] == "wal"
    assert result["errors"] == 0, result["error_sample"]
    expected = WRITERS * ROUNDS
    assert result["accepted"] == {"updates": expected, "items": expected}
    assert result["found"] == result["accepted"]  # nothing accepted is lost
