"""Backups restore on SQLite, on PostgreSQL and across the two, run as a deployment would run them.

Each database here is a new one of the test's own (a SQLite file, or a PostgreSQL database named
``pp_backup_…`` that the test creates and drops), migrated by ``manage.py migrate`` in a process of its own
with its own ``DATABASE_URL``. The source gets the demo exactly as ``make run`` loads it (``load_demo``,
issued board report included) plus a few rows the demo lacks (``tests.backup_probe.enrich``); its backup is
restored with ``manage.py restore_data`` into an empty database, and everything the probe reads (every
export, CSV and workbook, of every organisation and every board report; history counts; sign-ins; roles;
frozen reports) must come back the same; so must a backup of the restored database, row for row.

PostgreSQL on 127.0.0.1:5432 (trust auth, user ``postgres``): under ``CI=true`` a server that does not
answer fails these tests; elsewhere its cases skip, saying why.
"""

import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from tests.backup_helpers import object_lines, rewrite_backup

REPO = Path(__file__).resolve().parents[1]
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
KINDS = ["sqlite", "postgresql"]


def run(url, *args):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "peopleplan.settings_test"}
    command = [sys.executable, *args]
    return subprocess.run(command, check=False, cwd=REPO, env=env, capture_output=True, text=True, timeout=600)


def checked(url, *args):
    result = run(url, *args)
    assert result.returncode == 0, f"{' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def _admin_connection():
    import psycopg2

    connection = psycopg2.connect(f"{PG_SERVER}/postgres", connect_timeout=5)
    connection.autocommit = True
    return connection


class Databases:
    """New, migrated, empty databases: copies of one migrated template per kind (migrate runs once)."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.prefix = f"pp_backup_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.templates = {}
        self.postgres_names = []
        self._postgres = None

    def postgres(self):
        if self._postgres is None:
            try:
                self._postgres = _admin_connection()
            except Exception as error:  # noqa: BLE001 - any failure to connect means "no server here"
                message = f"PostgreSQL at {PG_SERVER} does not answer ({str(error).strip().splitlines()[0]})"
                if os.environ.get("CI", "").lower() == "true":
                    pytest.fail(message + " — required under CI=true", pytrace=False)
                pytest.skip(message)
        return self._postgres

    def _create_postgres(self, name, template=None):
        with self.postgres().cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        self.postgres_names.append(name)
        return f"{PG_SERVER}/{name}"

    def _template(self, kind):
        if kind not in self.templates:
            if kind == "sqlite":
                url = f"sqlite:///{self.directory / 'template.sqlite3'}"
            else:
                url = self._create_postgres(f"{self.prefix}_template")
            checked(url, "manage.py", "migrate", "--noinput", "-v", "0")
            self.templates[kind] = url
        return self.templates[kind]

    def new(self, kind, label):
        template = self._template(kind)
        if kind == "sqlite":
            path = self.directory / f"{label}.sqlite3"
            shutil.copyfile(template.removeprefix("sqlite:///"), path)
            return f"sqlite:///{path}"
        return self._create_postgres(f"{self.prefix}_{label}", template=template.rsplit("/", 1)[1])

    def drop_all(self):
        if self._postgres is None:
            return
        with self._postgres.cursor() as cursor:
            for name in reversed(self.postgres_names):
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._postgres.close()


@pytest.fixture(scope="module")
def databases(tmp_path_factory):
    found = Databases(tmp_path_factory.mktemp("backup_databases"))
    yield found
    found.drop_all()


@pytest.fixture(scope="module")
def sources(databases, tmp_path_factory):
    """Per kind, made once: the demo as `make run` loads it (plus a few rows), its snapshot and its backup."""
    directory = tmp_path_factory.mktemp("backup_sources")
    made = {}

    def source(kind):
        if kind not in made:
            url = databases.new(kind, f"source_{kind}")
            snapshot, backup = directory / f"{kind}.json", directory / f"{kind}.backup.jsonl"
            checked(url, "-m", "tests.backup_probe", "load_demo", "enrich", f"snapshot={snapshot}", f"backup={backup}")
            made[kind] = {"url": url, "snapshot": json.loads(snapshot.read_text()), "backup": backup}
        return made[kind]

    return source


def probe(url, directory: Path):
    """(snapshot, backup path) of the database at ``url``."""
    snapshot, backup = directory / "snapshot.json", directory / "backup.jsonl"
    checked(url, "-m", "tests.backup_probe", f"snapshot={snapshot}", f"backup={backup}")
    return json.loads(snapshot.read_text()), backup


def assert_same(restored: dict, original: dict):
    """Piece by piece, so a failure names what differs."""
    assert restored["rows"] == original["rows"]
    assert restored["history"] == original["history"]
    assert restored["organisations"].keys() == original["organisations"].keys()
    for ods, exports in original["organisations"].items():
        assert restored["organisations"][ods]["csv"] == exports["csv"], f"CSV of {ods}"
        assert restored["organisations"][ods]["xlsx"] == exports["xlsx"], f"workbook of {ods}"
    assert restored["reports"].keys() == original["reports"].keys()
    for report_id, report in original["reports"].items():
        assert restored["reports"][report_id] == report, f"board report {report_id}"
    for name in ("sign_ins", "roles", "admin_log", "frozen"):
        assert restored[name] == original[name], name


@pytest.mark.parametrize(
    ("source_kind", "target_kind"),
    [
        ("sqlite", "sqlite"),
        ("postgresql", "postgresql"),
        ("sqlite", "postgresql"),
        ("postgresql", "sqlite"),
    ],
)
def test_a_backup_restores_into_an_empty_database_with_the_same_exports_history_and_sign_ins(
    sources, databases, source_kind, target_kind, tmp_path
):
    source = sources(source_kind)
    original = source["snapshot"]
    assert any(report["issued_at"] for report in original["reports"].values()), "the demo's issued report"
    assert any(not report["issued_at"] for report in original["reports"].values()), "a draft report"
    target = databases.new(target_kind, f"{source_kind}_to_{target_kind}")

    result = checked(target, "manage.py", "restore_data", str(source["backup"]))

    models = {name: rows for name, rows in original["rows"].items() if name.count(".") == 1 and rows}
    links = sum(rows for name, rows in original["rows"].items() if name.count(".") == 2)
    assert result.stdout.splitlines()[-1].startswith(
        f"restored {sum(models.values())} rows of {len(models)} models, {links} many-to-many links and 0 files from "
    )
    assert f"  reports.boardreportline: {models['reports.boardreportline']}\n" in result.stdout
    restored, again = probe(target, tmp_path)
    assert_same(restored, original)
    assert all(all(checks.values()) for checks in restored["frozen"].values() if checks["report save"])
    assert object_lines(again) == object_lines(source["backup"])


def _fingerprint(url, directory: Path):
    """Everything the probe reads, and every backed-up row, of the database at ``url``."""
    snapshot, backup = probe(url, directory)
    return snapshot, object_lines(backup)


def _refused(url, backup):
    result = run(url, "manage.py", "restore_data", str(backup))
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize("kind", KINDS)
def test_a_target_that_is_not_empty_is_refused_and_left_as_it_was(sources, kind, tmp_path):
    source = sources(kind)
    (tmp_path / "before").mkdir()
    before = _fingerprint(source["url"], tmp_path / "before")

    message = _refused(source["url"], source["backup"])

    assert message.startswith("CommandError: the database is not empty (")
    assert "nothing was restored" in message
    (tmp_path / "after").mkdir()
    assert _fingerprint(source["url"], tmp_path / "after") == before


def _truncated(backup: Path, out: Path) -> Path:
    data = backup.read_bytes()
    out.write_bytes(data[: len(data) * 2 // 3])
    return out


def _edited(backup: Path, out: Path) -> Path:
    out.write_bytes(backup.read_bytes().replace(b'"username":"hr.lead"', b'"username":"hr.leaD"', 1))
    return out


def _newer(backup: Path, out: Path) -> Path:
    return rewrite_backup(backup, out, header=lambda header: {**header, "format_version": header["format_version"] + 1})


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("make_bad", "expected"),
    [
        (_truncated, "is truncated or damaged at line"),
        (_edited, "has been changed since it was written (checksum mismatch)"),
        (_newer, "is backup format version 2, newer than this release reads (1)"),
    ],
)
def test_a_truncated_edited_or_newer_backup_is_refused_and_the_empty_target_stays_empty(
    sources, databases, kind, make_bad, expected, tmp_path
):
    bad = make_bad(sources("sqlite")["backup"], tmp_path / "bad.jsonl")
    target = databases.new(kind, f"refused_{kind}_{make_bad.__name__.strip('_')}")
    (tmp_path / "before").mkdir()
    as_migrated = _fingerprint(target, tmp_path / "before")  # migrate made the role groups, nothing else

    message = _refused(target, bad)

    assert message.startswith("CommandError: ") and expected in message
    snapshot, rows = _fingerprint(target, tmp_path)
    assert (snapshot, rows) == as_migrated
    assert {label for label, count in snapshot["rows"].items() if count} <= {"auth.group", "auth.group.permissions"}
