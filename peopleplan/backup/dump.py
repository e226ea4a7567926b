"""Writing a backup: every row of every backed-up model, read in one consistent snapshot."""

import base64
from collections import defaultdict

from django.core.serializers import python
from django.db import connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Prefetch
from django.utils import timezone

from . import fileformat, scope

CHUNK = 2000


class _RowSerializer(python.Serializer):
    """Django's own field encoding, one row per line; natural keys only for the rows ``migrate`` makes."""

    def __init__(self, writer, natural):
        super().__init__()
        self.writer = writer
        self.natural = natural

    def start_object(self, obj):
        self._current, self._m2m = {}, {}

    def end_object(self, obj):
        record = self.get_dump_object(obj)
        if self._m2m:
            record["m2m"] = self._m2m
        self.writer.row(record)

    def handle_fk_field(self, obj, field):
        if field.related_model in self.natural:
            related = getattr(obj, field.name)
            self._current[field.name] = list(related.natural_key()) if related else None
        else:
            self._current[field.name] = self._value_from_field(obj, field)

    def handle_m2m_field(self, obj, field):
        if not field.remote_field.through._meta.auto_created:
            return
        related = getattr(obj, field.name).all()
        if field.related_model in self.natural:
            values = sorted(list(item.natural_key()) for item in related)
        else:
            values = sorted(item.pk for item in related)
        self._m2m[field.name] = values
        self.writer.many_to_many[f"{scope.label(obj)}.{field.name}"] += len(values)

    def getvalue(self):
        return None


def _natural_fk_names(model, natural) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.is_relation and f.related_model in natural]


def _rows(model, using, natural):
    queryset = model._base_manager.using(using).order_by("pk").select_related(*_natural_fk_names(model, natural))
    for field in scope.auto_many_to_many(model):
        related = field.related_model._base_manager.using(using)
        related = related.select_related(*_natural_fk_names(field.related_model, natural))
        queryset = queryset.prefetch_related(Prefetch(field.name, queryset=related))
    return queryset.iterator(chunk_size=CHUNK)


def _write_files(writer, model, using, missing: list):
    """Each file a row of ``model`` names, read from its field's storage (a missing one is listed, not fatal)."""
    for field in scope.file_fields(model):
        names = model._base_manager.using(using).exclude(**{field.attname: ""}).exclude(**{field.attname: None})
        for name in names.order_by(field.attname).values_list(field.attname, flat=True).distinct().iterator():
            try:
                with field.storage.open(name, "rb") as stream:
                    data = stream.read()
            except OSError:
                missing.append(name)
                continue
            reference = {"model": scope.label(model), "field": field.name, "name": name}
            writer.file({"file": reference, "data": base64.b64encode(data).decode("ascii")})


def applied_migrations(using) -> dict[str, list[str]]:
    applied = defaultdict(list)
    for app_label, name in MigrationRecorder(connections[using]).applied_migrations():
        applied[app_label].append(name)
    return {app_label: sorted(names) for app_label, names in sorted(applied.items())}


def _snapshot_transaction(using, *, outermost: bool):
    """One snapshot of the whole database: PostgreSQL is told so; SQLite's read transaction already is one.

    (Inside a caller's transaction, such as a test's, that transaction decides.)
    """
    connection = connections[using]
    if connection.vendor == "postgresql" and outermost:
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def backup_write(*, path, using="default", models=None) -> dict:
    """Write the backup to ``path``; returns ``{"counts": {model: rows}, "files": N, "missing_files": [...]}``."""
    models = scope.backup_models() if models is None else models
    natural = scope.natural_key_models()
    missing = []
    outermost = not connections[using].in_atomic_block
    with transaction.atomic(using=using):
        _snapshot_transaction(using, outermost=outermost)
        header = {
            "created_at": timezone.now(),
            "database": connections[using].vendor,
            "migrations": applied_migrations(using),
            "models": [scope.label(model) for model in models],
        }
        with fileformat.writing(path, header) as writer:
            for model in models:
                _RowSerializer(writer, natural).serialize(_rows(model, using, natural))
            for model in models:
                _write_files(writer, model, using, missing)
    return {"counts": dict(writer.counts), "files": writer.files, "missing_files": missing}
