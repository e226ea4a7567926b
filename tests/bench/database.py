"""The benchmark database: a file of its own on SQLite, a database of its own on PostgreSQL.

Which server: ``DATABASE_URL`` when it is set; else the local PostgreSQL at ``PG_URL``
(``make bench`` passes the Makefile's, ``postgres://postgres@127.0.0.1:5432/peopleplan``)
when it answers; else SQLite. ``make bench`` says which, and why, in its first line.
"""

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
    if app_url and app_url.startswith(POSTGRES_SCHEMES):
        parts = urlsplit(app_url)
        name = parts.path.lstrip("/") or "peopleplan"
        if not name.endswith("_bench"):
            name += "_bench"
        return urlunsplit(parts._replace(path="/" + name))
    return f"sqlite:///{SQLITE_PATH}"


DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:5432/peopleplan"
POSTGRES_SCHEMES = ("postgres://", "postgresql://", "pgsql://")


def without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@", 1)))


def postgres_answers(url: str, timeout: int = 3) -> bool:
    """Whether the PostgreSQL server of ``url`` accepts a connection (to its ``postgres`` database)."""
    if not url.startswith(POSTGRES_SCHEMES):
        return False
    import psycopg2

    try:
        psycopg2.connect(urlunsplit(urlsplit(url)._replace(path="/postgres")), connect_timeout=timeout).close()
    except psycopg2.Error:
        return False
    return True


def choose_app_url(environ) -> tuple[str | None, str]:
    """The app database the benchmark database is derived from, and a sentence saying why."""
    if environ.get("DATABASE_URL"):
        return environ["DATABASE_URL"], "DATABASE_URL is set"
    pg_url = environ.get("PG_URL") or DEFAULT_PG_URL
    if postgres_answers(pg_url):
        return pg_url, f"DATABASE_URL is not set; PostgreSQL at PG_URL ({without_password(pg_url)}) answered"
    return None, f"DATABASE_URL is not set and PostgreSQL at PG_URL ({without_password(pg_url)}) did not answer"


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


def configure_environment() -> tuple[str, str]:
    """Point this process (and the gunicorn it starts) at the benchmark database.

    Returns its URL and the line ``make bench`` prints first: which database, and why.
    """
    app_url, why = choose_app_url(os.environ)
    url = bench_database_url(app_url)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.bench.settings"
    kind = "PostgreSQL" if is_postgres(url) else "SQLite"
    return url, f"bench database: {kind} {without_password(url)} ({why})"
