"""Database settings: persistent connections with health checks; SQLite ready for concurrent use."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def database_settings(**env):
    """``DATABASES["default"]`` as the production settings build it from ``env``."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    environment.update({"DJANGO_SECRET_KEY": "k" * 50, "DJANGO_ALLOWED_HOSTS": "x", **env})
    code = "import json; from peopleplan import settings; print(json.dumps(settings.DATABASES['default'], default=str))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_connections_persist_for_a_minute_with_a_health_check_by_default():
    database = database_settings(DATABASE_URL="postgres://app@db.internal:5432/peopleplan")
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (60, True)
    assert "OPTIONS" not in database or "transaction_mode" not in database["OPTIONS"]  # SQLite's only


def test_connection_lifetime_and_health_checks_come_from_the_environment():
    database = database_settings(
        DATABASE_URL="postgres://app@db.internal:5432/peopleplan",
        DJANGO_CONN_MAX_AGE="0",
        DJANGO_CONN_HEALTH_CHECKS="false",
    )
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (0, False)


def test_sqlite_uses_the_write_ahead_log_a_busy_timeout_and_immediate_transactions():
    options = database_settings()["OPTIONS"]  # no DATABASE_URL: the embedded default `make run` serves
    assert options == {"init_command": "PRAGMA journal_mode=WAL", "transaction_mode": "IMMEDIATE", "timeout": 20.0}
    assert database_settings(DJANGO_SQLITE_TIMEOUT="5")["OPTIONS"]["timeout"] == 5.0


def test_the_test_database_runs_with_the_same_settings(db):
    if connection.vendor == "sqlite":
        assert connection.transaction_mode == "IMMEDIATE"
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
