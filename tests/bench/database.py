"""The benchmark database: a file of its own on SQLite, a database of its own on PostgreSQL."""

import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parents[2]
SQLITE_PATH = REPO_ROOT / "bench-data" / "bench.sqlite3"


def bench_database_url(app_url: str | None) -> str:
    """The benchmark database derived from the app's DATABASE_URL.

    PostgreSQL ``…/name`` becomes ``…/name_bench`` (a name already ending in ``_bench`` is
    kept); anything else, or nothing, is the SQLite file ``bench-data/bench.sqlite3``.
    """
    if app_url and app_url.startswith(("postgres://", "postgresql://", "pgsql://")):
        parts = urlsplit(app_url)
        name = parts.path.lstrip("/") or "peopleplan"
        if not name.endswith("_bench"):
            name += "_bench"
        return urlunsplit(parts._replace(path="/" + name))
    return f"sqlite:///{SQLITE_PATH}"


def is_postgres(url: str) -> bool:
    return not url.startswith("sqlite")


def recreate(url: str) -> None:
    """Drop and create the benchmark database (before Django connects to it)."""
    if not is_postgres(url):
        SQLITE_PATH.parent.mkdir(exist_ok=True)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(SQLITE_PATH) + suffix).unlink(missing_ok=True)
        return
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def configure_environment() -> str:
    """Point this process (and the gunicorn it starts) at the benchmark database; returns its URL."""
    url = bench_database_url(os.environ.get("DATABASE_URL"))
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.bench.settings"
    return url
