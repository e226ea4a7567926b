"""What a backup holds, in which order, and the few rules a restore needs to know.

The set of models is worked out, never listed by hand: every concrete model of every installed
app (our apps, ``auth``, the django-simple-history ``Historical…`` models, the admin's log, and
any app or model added later) except :data:`EXCLUDED`:

- ``contenttypes.ContentType`` and ``auth.Permission``: ``migrate`` creates them, with primary
  keys that differ from one database to another. Rows that point at them are written with
  natural keys (``["actions", "response"]``, ``["change_response", "actions", "response"]``) and
  mapped to the target database's own rows on restore.
- ``sessions.Session``: sign-ins in progress; after a restore everyone signs in again (with the
  same passwords: the hashes are restored).
- ``axes``: login-throttling attempts and lock-outs, transient security state.

Many-to-many tables Django creates (``auth.User.groups``, ``auth.Group.permissions``, …) travel
inside the rows that own them, as ``dumpdata`` does.
"""

from django.apps import apps
from django.db import models

EXCLUDED_APPS = {"contenttypes", "sessions", "axes"}
EXCLUDED_MODELS = {"auth.permission"}
# Excluded because ``migrate`` creates them: references to them travel as natural keys.
NATURAL_KEY_MODELS = {"contenttypes.contenttype", "auth.permission"}

# Fields restored only after every other row: an issued board report is inserted as a draft,
# its lines follow, and only then is it marked issued (NULL -> the backed-up time). The freezing
# rule (BoardReport.save() and the triggers of reports/migrations/0002) stays as it is: it refuses
# a change to an issued report, never the first issue.
RESTORED_LAST = {"reports.boardreport": ("issued_at",)}


def label(model) -> str:
    return model._meta.label_lower


def is_excluded(model) -> bool:
    return model._meta.app_label in EXCLUDED_APPS or label(model) in EXCLUDED_MODELS


def backup_models() -> list:
    """Every model a backup holds, each after the models it refers to."""
    candidates = [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and not model._meta.auto_created and not is_excluded(model)
    ]
    return dependency_order(candidates)


def dependency_order(candidates) -> list:
    """``candidates`` sorted so that a model comes after those its foreign keys point to.

    Ties (and the members of a cycle, which cannot be ordered) go by label, so the order is the
    same on every run. Foreign keys are checked at commit (Django creates them deferrable), so a
    cycle only costs the order, never the restore.
    """
    remaining = {label(model): model for model in candidates}
    needs = {name: _referenced_labels(model) & (remaining.keys() - {name}) for name, model in remaining.items()}
    ordered = []
    while remaining:
        ready = sorted(name for name in remaining if not needs[name] & remaining.keys())
        for name in ready or [min(remaining)]:
            ordered.append(remaining.pop(name))
    return ordered


def _referenced_labels(model) -> set[str]:
    return {
        label(field.related_model)
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is not None
    }


def natural_key_models() -> set:
    return {apps.get_model(name) for name in NATURAL_KEY_MODELS}


def auto_many_to_many(model) -> list:
    """The model's many-to-many fields whose table Django creates (written inside the model's rows)."""
    return [field for field in model._meta.local_many_to_many if field.remote_field.through._meta.auto_created]


def file_fields(model) -> list:
    return [field for field in model._meta.concrete_fields if isinstance(field, models.FileField)]
