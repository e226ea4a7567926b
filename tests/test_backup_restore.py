"""backup_data / restore_data in this process, on the suite's database (SQLite, or PostgreSQL with DATABASE_URL).

A backup restored into an emptied database gives the same exports, history, sign-ins, roles and frozen
board reports, and a backup of it holds the same rows. What the backup holds is worked out from the
installed models; a file or a target that is not right is refused in one line, changing nothing.
(``test_backup_across_databases.py`` does the same with separate processes, SQLite <-> PostgreSQL.)
"""

import io
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from simple_history.models import HistoricalChanges

from peopleplan.backup import backup_models
from peopleplan.backup.scope import dependency_order, label
from reports.models import BoardReportLine
from tests import backup_probe
from tests.backup_helpers import object_lines, rewrite_backup

User = get_user_model()


def backup(path):
    out = io.StringIO()
    call_command("backup_data", "--output", str(path), stdout=out)
    return out.getvalue()


def restore(path):
    out = io.StringIO()
    call_command("restore_data", str(path), stdout=out)
    return out.getvalue()


def refused(path) -> str:
    with pytest.raises(CommandError) as caught:
        restore(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


def move_content_type(app_label, model):
    """Give a content type (and its permissions) new ids, as a database migrated in another order would."""
    ContentType.objects.filter(app_label=app_label, model=model).delete()
    ContentType.objects.clear_cache()
    create_contenttypes(apps.get_app_config(app_label), verbosity=0)
    create_permissions(apps.get_app_config(app_label), verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_restore_into_an_emptied_database_gives_back_every_export_history_sign_in_and_frozen_report(tmp_path):
    call_command("flush", "--noinput")
    call_command("load_demo", stdout=io.StringIO())  # as `make run` does: updates and the issued report included
    backup_probe.enrich()
    before = backup_probe.snapshot()
    lines = BoardReportLine.objects.count()
    path = tmp_path / "backup.jsonl.gz"
    assert backup(path).startswith(f"backup written to {path}: ")

    call_command("flush", "--noinput")
    owner_type = ContentType.objects.get(app_label="owners", model="owner").pk
    move_content_type("owners", "owner")
    assert ContentType.objects.get(app_label="owners", model="owner").pk != owner_type
    assert User.objects.count() == 0
    printed = restore(path)

    assert f"  reports.boardreportline: {lines}\n" in printed and lines > 0 and "  auth.group.permissions: " in printed
    assert printed.splitlines()[-1].startswith("restored ")
    after = backup_probe.snapshot()
    assert after["organisations"]["RYV"]["csv"] == before["organisations"]["RYV"]["csv"]
    assert 'HYPERLINK(""x"") & £10m – ok' in after["organisations"]["RYV"]["csv"]  # kept, quoted, inert
    assert after == before
    assert after["history"] == before["history"] and sum(after["history"].values()) > 0
    assert all(after["sign_ins"].values())
    issued = [checks for checks in after["frozen"].values() if checks["report save"]]
    assert issued and all(all(checks.values()) for checks in issued)
    again = tmp_path / "again.jsonl"
    backup(again)
    assert object_lines(again) == object_lines(path)


@pytest.mark.django_db(transaction=True)
def test_a_restore_that_fails_half_way_leaves_the_database_empty(tmp_path):
    call_command("flush", "--noinput")
    User.objects.create_user("first", password="x")
    User.objects.create_user("second", password="x")
    path = tmp_path / "backup.jsonl"
    backup(path)
    call_command("flush", "--noinput")

    def clash(records):  # the second user takes the first's name: the database refuses its row
        records[-1]["fields"]["username"] = "first"
        return records

    message = refused(rewrite_backup(path, tmp_path / "clash.jsonl", records=clash))

    assert message.startswith("the backup could not be restored (") and message.endswith("nothing was restored")
    assert User.objects.count() == 0


def test_every_model_is_backed_up_but_the_stated_exclusions():
    backed_up = {label(model) for model in backup_models()}
    every = {label(m) for m in apps.get_models() if m._meta.managed and not m._meta.proxy}
    assert every - backed_up == {"contenttypes.contenttype", "auth.permission", "sessions.session"} | {
        label(model) for model in apps.get_app_config("axes").get_models()
    }
    for app_label in ("owners", "actions", "reports"):
        assert {label(model) for model in apps.get_app_config(app_label).get_models()} <= backed_up
    historical = {label(m) for m in apps.get_models() if issubclass(m, HistoricalChanges)}
    assert historical and historical <= backed_up
    assert {"auth.user", "auth.group", "admin.logentry", "actions.actionchange"} <= backed_up


def test_each_model_comes_after_the_models_it_refers_to():
    order = [label(model) for model in backup_models()]
    for position, model in enumerate(backup_models()):
        for field in model._meta.concrete_fields:
            if field.is_relation and label(field.related_model) in order and field.related_model is not model:
                assert order.index(label(field.related_model)) < position, f"{order[position]}.{field.name}"
    assert dependency_order(reversed(backup_models())) == backup_models()


@pytest.mark.django_db
def test_a_database_that_is_not_empty_is_refused_and_left_as_it_was(tmp_path):
    path = tmp_path / "backup.jsonl"
    backup(path)
    before = backup_probe.row_counts()

    message = refused(path)

    tables = sum(1 for name, rows in before.items() if name.count(".") == 1 and rows)
    first = next(name for name, rows in before.items() if name.count(".") == 1 and rows)  # in restore order
    assert message == (
        f"the database is not empty ({tables} tables hold rows, "
        f"{first} first): restore only into a new, migrated database; nothing was restored"
    )
    assert backup_probe.row_counts() == before


@pytest.fixture
def demo_backup(tmp_path, db):
    path = tmp_path / "backup.jsonl"
    backup(path)
    return path


def test_a_truncated_backup_is_refused(demo_backup, tmp_path):
    data = demo_backup.read_bytes()
    cut_at_a_line = tmp_path / "cut.jsonl"
    cut_at_a_line.write_bytes(data[: data.rindex(b"\n", 0, len(data) - 1) + 1])
    assert (
        refused(cut_at_a_line)
        == f"{cut_at_a_line} is truncated (it has no end line after line "
        + str(len(data.splitlines()) - 1)
        + "); nothing was restored"
    )
    half_a_line = tmp_path / "half.jsonl"
    half_a_line.write_bytes(data[: len(data) // 2])
    assert "is truncated or damaged at line " in refused(half_a_line)


def test_a_truncated_gzipped_backup_is_refused(db, tmp_path):
    path = tmp_path / "backup.jsonl.gz"
    backup(path)
    path.write_bytes(path.read_bytes()[:-200])
    assert refused(path).startswith(f"{path} is truncated or damaged (")


def test_an_edited_backup_is_refused(demo_backup, tmp_path):
    edited = tmp_path / "edited.jsonl"
    edited.write_bytes(demo_backup.read_bytes().replace(b'"username":"hr.lead"', b'"username":"hr.leaD"', 1))
    assert (
        refused(edited) == f"{edited} has been changed since it was written (checksum mismatch); nothing was restored"
    )


def test_counts_that_disagree_with_the_rows_are_refused(demo_backup, tmp_path):
    def one_more_plan(end):
        return {**end, "counts": {**end["counts"], "actions.plan": end["counts"]["actions.plan"] + 1}}

    bad = rewrite_backup(demo_backup, tmp_path / "bad.jsonl", end=one_more_plan)
    assert refused(bad) == f"{bad}: the rows it holds differ from the counts it declares; nothing was restored"


def test_a_backup_of_a_newer_format_version_is_refused(demo_backup, tmp_path):
    newer = rewrite_backup(demo_backup, tmp_path / "newer.jsonl", header=lambda h: {**h, "format_version": 2})
    assert refused(newer) == (
        f"{newer} is backup format version 2, newer than this release reads (1): "
        "restore it with the release that wrote it, or a newer one"
    )


def test_a_file_that_is_not_a_backup_is_refused(demo_backup, tmp_path):
    old_style = tmp_path / "dumpdata.json"
    call_command("dumpdata", "owners.organisation", output=str(old_style), verbosity=0)
    assert refused(old_style) == f"{old_style} is not a People Plan Tracker backup (no peopleplan-backup header)"
    assert refused(tmp_path / "missing.jsonl") == f"{tmp_path / 'missing.jsonl'}: no such file"


def test_a_backup_from_another_schema_says_what_to_do(demo_backup, tmp_path):
    def with_migrations(change):
        return lambda header: {**header, "migrations": change(json.loads(json.dumps(header["migrations"])))}

    newer = rewrite_backup(
        demo_backup,
        tmp_path / "newer.jsonl",
        header=with_migrations(lambda m: {**m, "actions": [*m["actions"], "0099_future"]}),
    )
    assert refused(newer) == (
        "the backup was written by a newer release (migration actions.0099_future is unknown "
        "here): upgrade People Plan Tracker first; nothing was restored"
    )
    older = rewrite_backup(
        demo_backup, tmp_path / "older.jsonl", header=with_migrations(lambda m: {**m, "actions": m["actions"][:1]})
    )
    assert refused(older) == (
        "the backup was written before migration actions.0002_import_actionchange: run "
        "`python manage.py migrate actions 0001_initial`, restore, then `python manage.py migrate`; "
        "nothing was restored"
    )
    unknown = rewrite_backup(
        demo_backup, tmp_path / "unknown.jsonl", header=lambda h: {**h, "models": [*h["models"], "surveys.survey"]}
    )
    assert refused(unknown) == "the backup holds surveys.survey, which this release does not have; nothing was restored"


def test_a_backup_that_fails_to_write_leaves_no_file(db, tmp_path, monkeypatch):
    from peopleplan.backup import dump

    path = tmp_path / "backup.jsonl"
    backup(path)
    before = path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(dump, "_write_files", fail)
    with pytest.raises(CommandError, match="^disk full$"):
        backup(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["backup.jsonl"]


@pytest.fixture
def stored_file_model(transactional_db, tmp_path):
    """A model with a file field (the product has none yet; uploaded templates will), with a table of its own."""
    from django.core.files.storage import FileSystemStorage
    from django.db import connection, models
    from django.test.utils import isolate_apps

    storage = FileSystemStorage(location=tmp_path / "media")
    with isolate_apps("owners"):

        class PaperTemplate(models.Model):
            name = models.CharField(max_length=40)
            file = models.FileField(storage=storage, upload_to="templates/")

            class Meta:
                app_label = "owners"

            def __str__(self):
                return self.name

    with connection.schema_editor() as editor:
        editor.create_model(PaperTemplate)
    yield PaperTemplate
    with connection.schema_editor() as editor:
        editor.delete_model(PaperTemplate)


def test_stored_files_are_backed_up_and_restored_with_their_rows(stored_file_model, tmp_path):
    from django.core.files.base import ContentFile

    from peopleplan.backup import BackupError, backup_restore, backup_write

    model = stored_file_model
    model.objects.create(name="board", file=ContentFile(b"PK\x03\x04 board paper", name="board.docx"))
    storage, name = model.file.field.storage, model.objects.get().file.name
    path = tmp_path / "backup.jsonl"
    assert backup_write(path=path, models=[model])["files"] == 1
    model.objects.all().delete()
    storage.delete(name)

    result = backup_restore(path=path, models=[model])

    assert result["files"] == 1 and result["counts"] == {"owners.papertemplate": 1}
    restored = model.objects.get()
    assert restored.name == "board" and restored.file.name == name and restored.file.read() == b"PK\x03\x04 board paper"
    model.objects.all().delete()
    with pytest.raises(BackupError, match=f"^file storage already holds {name}: restore into empty storage$"):
        backup_restore(path=path, models=[model])

    storage.delete(name)
    twice = rewrite_backup(
        path,
        tmp_path / "twice.jsonl",
        records=lambda records: [*records, records[-1]],
        end=lambda end: {**end, "files": 2},
    )
    with pytest.raises(BackupError, match="^file storage renamed "):
        backup_restore(path=twice, models=[model])
    assert not model.objects.exists() and storage.listdir("templates") == ([], [])
