"""Restoring a backup into an empty, migrated database: checked first, then one transaction.

Nothing is written until the whole file has been read and its checksum, format version, counts,
schema (migrations) and the target's emptiness are confirmed. Rows are then inserted as they were
saved (``raw``: no ``save()``, no signals, so no new history rows and ``auto_now`` times kept),
in batches, in dependency order; fields in :data:`scope.RESTORED_LAST` are set once every other
row is in; the counts are checked again against the database before the transaction commits.
"""

import base64
from collections import Counter, defaultdict
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.management.color import no_style
from django.core.serializers import base as serializers_base
from django.core.serializers import python
from django.db import DatabaseError, IntegrityError, connections, transaction
from django.db.migrations.loader import MigrationLoader

from . import fileformat, scope
from .dump import applied_migrations
from .fileformat import BackupError

BATCH = 500


def _check_migrations(header: dict, using: str):
    """The target's schema must be the backup's: same migrations applied, app by app."""
    here = {(app, name) for app, names in applied_migrations(using).items() for name in names}
    there = {(app, name) for app, names in header.get("migrations", {}).items() for name in names}
    if not here:
        raise BackupError("the database is not migrated: run `python manage.py migrate` first; nothing was restored")
    if missing := sorted(there - here):
        app, name = missing[0]
        if (app, name) in MigrationLoader(None, ignore_no_migrations=True).disk_migrations:
            raise BackupError(f"the database lacks migration {app}.{name}: run `python manage.py migrate` first")
        raise BackupError(
            f"the backup was written by a newer release (migration {app}.{name} is unknown here): "
            "upgrade People Plan Tracker first; nothing was restored"
        )
    if extra := sorted(here - there):
        app, name = extra[0]
        target = header["migrations"].get(app, ["zero"])[-1]
        raise BackupError(
            f"the backup was written before migration {app}.{name}: run `python manage.py migrate {app} {target}`, "
            "restore, then `python manage.py migrate`; nothing was restored"
        )


def _made_by_migrate(using: str) -> dict:
    """Rows ``migrate`` itself makes in a new database (the role groups of ``peopleplan.roles``, nobody in
    them yet): a restore replaces them with the backup's, so they do not make the database "not empty"."""
    from django.contrib.auth.models import Group

    from peopleplan.roles import ROLE_PERMISSIONS

    return {"auth.group": Group.objects.using(using).filter(name__in=ROLE_PERMISSIONS, user__isnull=True)}


def _check_empty(models, using: str):
    made = _made_by_migrate(using)

    def holds_rows(model) -> bool:
        rows = model._base_manager.using(using).all()
        if scope.label(model) in made:
            rows = rows.exclude(pk__in=made[scope.label(model)].values("pk"))
        return rows.exists()

    holding = [scope.label(model) for model in models if holds_rows(model)]
    if holding:
        raise BackupError(
            f"the database is not empty ({len(holding)} tables hold rows, {holding[0]} first): "
            "restore only into a new, migrated database; nothing was restored"
        )


def _models_of(header: dict, models) -> list:
    by_label = {scope.label(model): model for model in models}
    unknown = [name for name in header.get("models", []) if name not in by_label]
    if unknown:
        raise BackupError(f"the backup holds {unknown[0]}, which this release does not have; nothing was restored")
    return [by_label[name] for name in header.get("models", [])]


def _file_field(models_by_label: dict, reference: dict):
    return models_by_label[reference["model"]]._meta.get_field(reference["field"])


def _check_storage(models_by_label: dict, references: list):
    for reference in references:
        if _file_field(models_by_label, reference).storage.exists(reference["name"]):
            raise BackupError(f"file storage already holds {reference['name']}: restore into empty storage")


class _Deserializer(python.Deserializer):
    """Django's deserializer, finding models among those being restored (not only in the global registry)."""

    def __init__(self, records, *, models_by_label: dict, using: str):
        super().__init__(records, using=using)
        self.models_by_label = models_by_label

    def _get_model_from_node(self, model_identifier):
        try:
            return self.models_by_label[model_identifier]
        except KeyError:
            raise serializers_base.DeserializationError(f"Invalid model identifier: {model_identifier}") from None


class _Loader:
    """Inserts deserialized rows in batches; holds back RESTORED_LAST fields and many-to-many links."""

    def __init__(self, using: str):
        self.using = using
        self.model, self.buffer = None, []
        self.held = []
        self.links = defaultdict(list)

    def add(self, deserialized):
        obj = deserialized.object
        if type(obj) is not self.model or len(self.buffer) >= BATCH:
            self.flush()
            self.model = type(obj)
        self._hold_back(obj)
        self.buffer.append(obj)
        for name, values in deserialized.m2m_data.items():
            self.links[self.model._meta.get_field(name)].extend((obj.pk, value) for value in values)

    def _hold_back(self, obj):
        held = {}
        for name in scope.RESTORED_LAST.get(scope.label(obj), ()):
            attname = obj._meta.get_field(name).attname
            if getattr(obj, attname) is not None:
                held[attname] = getattr(obj, attname)
                setattr(obj, attname, None)
        if held:
            self.held.append((type(obj), obj.pk, held))

    def flush(self):
        if not self.buffer:
            return
        fields = [f for f in self.model._meta.local_concrete_fields if not getattr(f, "generated", False)]
        size = max(1, min(BATCH, connections[self.using].ops.bulk_batch_size(fields, self.buffer)))
        manager = self.model._base_manager.db_manager(self.using)
        for start in range(0, len(self.buffer), size):
            # What Model.save_base(raw=True) does for one row (and loaddata for each), for a batch of rows.
            manager._insert(self.buffer[start : start + size], fields=fields, using=self.using, raw=True)
        self.buffer = []

    def finish(self) -> Counter:
        self.flush()
        for model, pk, values in self.held:
            model._base_manager.using(self.using).filter(pk=pk).update(**values)
        links = Counter()
        for field, pairs in self.links.items():
            through = field.remote_field.through
            source = through._meta.get_field(field.m2m_field_name()).attname
            target = through._meta.get_field(field.m2m_reverse_field_name()).attname
            rows = [through(**{source: pk, target: value}) for pk, value in pairs]
            through._base_manager.using(self.using).bulk_create(rows, batch_size=BATCH)
            links[f"{scope.label(field.model)}.{field.name}"] = len(rows)
        return links


def _objects(path, models_by_label: dict, written: list):
    """The backup's rows for the deserializer; its stored files are saved on the way past."""
    for record in fileformat.records(path):
        if "file" in record:
            reference = record["file"]
            storage = _file_field(models_by_label, reference).storage
            saved = storage.save(reference["name"], ContentFile(base64.b64decode(record["data"])))
            written.append((storage, saved))
            if saved != reference["name"]:
                raise BackupError(f"file storage renamed {reference['name']} to {saved}; nothing was restored")
            continue
        record["fields"].update(record.pop("m2m", {}))
        yield record


def _verify_written(models, end: dict, links: Counter, using: str):
    for model in models:
        rows = model._base_manager.using(using).count()
        if rows != end["counts"].get(scope.label(model), 0):
            raise BackupError(
                f"{scope.label(model)}: restored {rows} rows, the backup declares "
                f"{end['counts'].get(scope.label(model), 0)}; nothing was restored"
            )
    if dict(+links) != {key: n for key, n in end["many_to_many"].items() if n}:
        raise BackupError("the many-to-many links restored differ from those the backup declares; nothing was restored")


def _finish_schema(models, using: str):
    """Foreign keys checked now (not at commit, where the error would be obscure); sequences moved past the rows."""
    connection = connections[using]
    tables = [model._meta.db_table for model in models]
    tables += [
        field.remote_field.through._meta.db_table for model in models for field in scope.auto_many_to_many(model)
    ]
    try:
        connection.check_constraints(table_names=tables)
    except IntegrityError as error:
        raise BackupError(f"the backup refers to rows it does not hold ({error}); nothing was restored") from None
    throughs = [field.remote_field.through for model in models for field in scope.auto_many_to_many(model)]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(models) + throughs):
            cursor.execute(statement)


def _load(path, end: dict, models: list, using: str, written: list) -> Counter:
    by_label = {scope.label(model): model for model in models}
    loader = _Loader(using)
    try:
        for deserialized in _Deserializer(_objects(path, by_label, written), models_by_label=by_label, using=using):
            loader.add(deserialized)
        links = loader.finish()
        _verify_written(models, end, links, using)
        _finish_schema(models, using)
    except (serializers_base.DeserializationError, DatabaseError) as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise BackupError(f"the backup could not be restored ({first_line}); nothing was restored") from None
    return links


def backup_restore(*, path, using="default", models=None) -> dict:
    """Restore ``path`` into the empty database ``using``, all or nothing.

    Returns ``{"header": …, "counts": {model: rows}, "many_to_many": {field: links}, "files": N}``;
    raises :class:`BackupError` (one line) and changes nothing when the file or the target is not right.
    """
    path = Path(path)
    end = fileformat.verify(path)
    header = fileformat.read_header(path)
    models = _models_of(header, scope.backup_models() if models is None else models)
    _check_migrations(header, using)
    _check_empty(models, using)
    _check_storage({scope.label(model): model for model in models}, end["file_names"])
    written = []
    try:
        with transaction.atomic(using=using):
            for rows in _made_by_migrate(using).values():
                rows.delete()
            links = _load(path, end, models, using, written)
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    return {"header": header, "counts": end["counts"], "many_to_many": dict(links), "files": len(written)}
